package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code unique-on-duplicates} (connected only): CREATE UNIQUE INDEX, ADD [CONSTRAINT] UNIQUE, ADD PRIMARY KEY or a
 * column definition with UNIQUE / PRIMARY KEY (MySQL {@code MODIFY c ... UNIQUE}) on columns the live table already
 * holds duplicate values in. The index build fails in expand after scanning the whole table (PostgreSQL leaves an
 * invalid index behind), so the refusal comes first and names a few of the duplicated values. Rows with a NULL in a
 * key column are never duplicates. {@code ADD COLUMN c ... UNIQUE DEFAULT <constant>} gives every existing row the
 * same value, so it is refused on a table with two rows or more. Only tables that exist in the connected database
 * now, whose key columns exist there, and that no earlier pending statement creates, UPDATEs or DELETEs from (see
 * {@link LiveData}); offline the rule says nothing. A check the server cannot answer refuses, saying why.
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
            try {
                if (e instanceof SchemaEdit.AddKey k && k.key().kind() != SchemaEdit.KeyKind.INDEX) {
                    existing(s, k.table(), k.key().columns(), out);
                } else if (e instanceof SchemaEdit.ReplaceColumn r && (r.column().unique() || r.column().primaryKey())) {
                    existing(s, r.table(), List.of(s.nameBefore(Names.of(r.table()), Names.of(r.column().name()))), out);
                } else if (e instanceof SchemaEdit.AddColumn a && (a.column().unique() || a.column().primaryKey())) {
                    added(s, a, out);
                }
            } catch (LiveData.Unreadable unreadable) {
                out.add(Finding.unreadable(ID, unreadable, "whether the unique key can be built"));
            }
        }
        return out;
    }

    private static void existing(StatementContext s, String table, List<String> columns, List<Finding> out) {
        if (columns.isEmpty() || !s.live().tableExists(table) || !columns.stream().allMatch(c -> s.live().columnExists(table, c))) {
            return;
        }
        List<LiveData.Duplicate> duplicates = s.live().duplicates(table, columns);
        if (duplicates.isEmpty()) {
            return;
        }
        out.add(Finding.refuse(ID, table + " already holds duplicates of (" + String.join(", ", columns) + "): "
                + duplicates.stream().map(LiveData.Duplicate::toString).collect(Collectors.joining("; "))
                + (duplicates.size() == LiveData.DUPLICATES_SHOWN ? "; maybe more" : "")
                + ". The unique index build fails in expand, and the previous version keeps writing duplicates",
                "Remove the duplicates first (a DELETE or UPDATE in an earlier migration, or the same one before this "
                + "statement), and release a version that no longer writes them; then add the unique key"));
    }

    /** A new unique column: every existing row gets its default, so two rows with a constant default collide. */
    private static void added(StatementContext s, SchemaEdit.AddColumn a, List<Finding> out) {
        String dflt = a.column().defaultExpression();
        if (dflt == null || dflt.strip().equalsIgnoreCase("NULL") || a.column().generatesValue()
                || !s.live().tableExists(a.table()) || s.live().rowsUpTo(a.table(), 2) < 2) {
            return;
        }
        out.add(Finding.refuse(ID, "every existing row of " + a.table() + " gets " + a.column().name() + " = " + dflt
                + ", and the table has more than one row: the unique key fails on the copies",
                "Add the column without UNIQUE (nullable, or with its default), fill it with distinct values by an UPDATE, "
                + "then add the unique key in a later statement"));
    }
}
