package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.List;

/**
 * {@code add-column-not-null-without-default}: ADD COLUMN ... NOT NULL without a DEFAULT on a table the previous
 * version uses. Its INSERTs do not name the new column, so every one of them fails, even when all existing rows
 * were filled. A table created earlier in the same migration is exempt: the previous version never sees it.
 */
public final class AddColumnNotNullWithoutDefault implements Rule {
    public static final String ID = "add-column-not-null-without-default";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        return s.edits().stream().filter(e -> e instanceof SchemaEdit.AddColumn).map(e -> (SchemaEdit.AddColumn) e)
                .filter(a -> a.column().notNull() && a.column().defaultExpression() == null && !a.column().generatesValue()
                        && s.previousVersionUses(a.table()))
                .map(a -> Finding.refuse(ID, "the previous version's INSERTs into " + a.table() + " leave out the new column "
                        + a.column().name() + ", so every one of them fails on NOT NULL",
                        "ADD COLUMN " + a.column().name() + " " + a.column().type() + " NOT NULL DEFAULT <value> (a constant "
                        + "default is added without rewriting the table), or add it nullable, fill it with an UPDATE, and make "
                        + "it NOT NULL with a DEFAULT in a later migration"))
                .toList();
    }
}
