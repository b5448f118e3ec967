package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code set-not-null-without-fill}: SET NOT NULL (PostgreSQL) or MODIFY / CHANGE ... NOT NULL (MySQL) on a column
 * that was nullable (or a MODIFY that drops the DEFAULT of a NOT NULL column), when the column has no DEFAULT
 * afterwards. The previous version may leave the column out of
 * its INSERTs, or write NULL, and those writes fail from expand on. A DEFAULT set earlier in the migration (or in
 * the MODIFY itself) is the fill that makes it safe; a column the previous version never knew is no exception:
 * its INSERTs leave it out too. A column of a table the files never created (it existed before Pitstop) is
 * not judged: its nullability before the statement is not known offline.
 */
public final class SetNotNullWithoutFill implements Rule {
    public static final String ID = "set-not-null-without-fill";

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
                table = Names.of(n.table());
                column = Names.of(n.column());
            } else if (e instanceof SchemaEdit.ReplaceColumn r && r.column().notNull()) {
                table = Names.of(r.table());
                column = Names.of(r.column().name());
            } else {
                continue;
            }
            Column after = s.after().column(table, column).orElse(Column.unknown(column));
            // the previous version's INSERTs may leave the column out when it was nullable or had a default
            Column was = s.start().column(table, s.nameBefore(table, column)).orElse(null);
            if (was == null && s.start().table(table).map(t -> t.partial()).orElse(true)) {
                // a column of a table the files never created (it was there before Pitstop): its nullability is
                // not known offline, so nothing is claimed about it
                continue;
            }
            boolean leftOutWorked = was == null || !was.notNull() || was.filledWhenLeftOut();
            if (after.filledWhenLeftOut() || !leftOutWorked || !s.previousVersionUses(table)) {
                continue;
            }
            String type = after.writtenType() == null ? "<type>" : after.writtenType();
            String what = was != null && was.notNull() ? " stays NOT NULL but loses its DEFAULT" : " becomes NOT NULL without a DEFAULT";
            out.add(Finding.refuse(ID, table + "." + column + what + ": the previous version's "
                    + "INSERTs that leave it out (or write NULL) fail from expand on, even once every existing row is filled",
                    s.mysql()
                            ? "Fill the NULLs (UPDATE " + table + " SET " + column + " = <value> WHERE " + column + " IS NULL), "
                            + "then MODIFY " + column + " " + type + " NOT NULL DEFAULT <value>, so the previous version's "
                            + "INSERTs get the default"
                            : "First ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT <value> (the fill for "
                            + "the previous version's INSERTs) and UPDATE " + table + " SET " + column + " = <value> WHERE "
                            + column + " IS NULL; then SET NOT NULL, which Pitstop validates online"));
        }
        return out;
    }
}
