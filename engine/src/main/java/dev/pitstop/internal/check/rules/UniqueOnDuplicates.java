package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code unique-on-duplicates} (connected only): CREATE UNIQUE INDEX, ADD [CONSTRAINT] UNIQUE or ADD PRIMARY KEY
 * on columns the live table already holds duplicate values in. The index build fails in expand after scanning
 * the whole table (PostgreSQL leaves an invalid index behind), so the refusal comes first and names a few of
 * the duplicated values. Rows with a NULL in a key column are never duplicates. Only tables that exist in the
 * connected database now, whose key columns exist there, and that no earlier pending statement creates,
 * UPDATEs or DELETEs from (see {@link LiveData}); offline the rule says nothing.
 */
public final class UniqueOnDuplicates implements Rule {
    public static final String ID = "unique-on-duplicates";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        List<Finding> out = new ArrayList<>();
        for (SchemaEdit e : s.edits()) {
            if (!(e instanceof SchemaEdit.AddKey k) || k.key().kind() == SchemaEdit.KeyKind.INDEX
                    || k.key().columns().isEmpty() || !s.live().tableExists(k.table())
                    || !k.key().columns().stream().allMatch(c -> s.live().columnExists(k.table(), c))) {
                continue;
            }
            List<LiveData.Duplicate> duplicates = s.live().duplicates(k.table(), k.key().columns());
            if (duplicates.isEmpty()) {
                continue;
            }
            String columns = String.join(", ", k.key().columns());
            out.add(Finding.refuse(ID, k.table() + " already holds duplicates of (" + columns + "): "
                    + duplicates.stream().map(LiveData.Duplicate::toString).collect(Collectors.joining("; "))
                    + (duplicates.size() == LiveData.DUPLICATES_SHOWN ? "; maybe more" : "")
                    + ". The unique index build fails in expand, and the previous version keeps writing duplicates",
                    "Remove the duplicates first (a DELETE or UPDATE in an earlier migration, or the same one before this "
                    + "statement), and release a version that no longer writes them; then add the unique key"));
        }
        return out;
    }
}
