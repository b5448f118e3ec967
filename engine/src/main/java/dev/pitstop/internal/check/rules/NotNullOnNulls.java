package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code not-null-on-nulls} (connected only): SET NOT NULL (PostgreSQL) or MODIFY / CHANGE ... NOT NULL (MySQL)
 * on a column the live table already holds NULLs in. PostgreSQL's validation and MySQL's table rebuild fail on
 * them in backfill, after a full scan; the refusal names how many there are (counted up to
 * {@link LiveData#NULLS_COUNTED}). Only tables that exist in the connected database now, whose column exists
 * there, and that no earlier pending statement creates, UPDATEs or DELETEs from: an {@code UPDATE ... WHERE c IS
 * NULL} before the statement is the fill, so the NULLs seen now are not the ones the statement meets. A count the
 * server cannot answer refuses, saying why.
 */
public final class NotNullOnNulls implements Rule {
    public static final String ID = "not-null-on-nulls";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        List<Finding> out = new ArrayList<>();
        for (SchemaEdit e : s.edits()) {
            String table;
            String column;
            if (e instanceof SchemaEdit.SetNotNull n && n.notNull()) {
                table = n.table();
                column = n.column();
            } else if (e instanceof SchemaEdit.ReplaceColumn r && r.column().notNull()) {
                table = r.table();
                column = s.nameBefore(Names.of(r.table()), Names.of(r.column().name()));
            } else {
                continue;
            }
            long nulls;
            try {
                if (!s.live().tableExists(table) || !s.live().columnExists(table, column)) {
                    continue;
                }
                nulls = s.live().nulls(table, column);
            } catch (LiveData.Unreadable unreadable) {
                out.add(Finding.unreadable(ID, unreadable, "whether " + table + "." + column + " holds NULLs"));
                continue;
            }
            if (nulls == 0) {
                continue;
            }
            String count = nulls >= LiveData.NULLS_COUNTED ? "at least " + nulls : String.valueOf(nulls);
            out.add(Finding.refuse(ID, table + "." + column + " is NULL in " + count + " row(s) now: making it NOT NULL "
                    + "fails on them in backfill, after a full scan",
                    "Fill them first, before this statement: UPDATE " + table + " SET " + column + " = <value> WHERE "
                    + column + " IS NULL (Pitstop runs it in chunks), with a DEFAULT so the previous version's "
                    + "INSERTs stop adding NULLs"));
        }
        return out;
    }
}
