package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.TypeChange;
import java.util.List;

/**
 * {@code incompatible-type-change}: a column changes to a type of another kind (text to integer, integer to
 * text, timestamp to timestamptz, varchar to char...). Existing values may not convert, and the previous
 * version's reads, comparisons and writes fail or change meaning, whatever {@code USING} says.
 */
public final class IncompatibleTypeChange implements Rule {
    public static final String ID = "incompatible-type-change";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        return TypeChanges.of(s, TypeChange.Verdict.INCOMPATIBLE).stream()
                .map(c -> Finding.refuse(ID, c.where() + " changes from " + c.from() + " to " + c.to() + ": " + c.reason(),
                        "Expand/contract by hand: ADD COLUMN " + c.column() + "_new " + c.to() + " (nullable), fill it with "
                        + "UPDATE " + c.table() + " SET " + c.column() + "_new = <conversion of " + c.column() + "> (run in "
                        + "chunks), have the new version write both columns and read the new one, and DROP COLUMN "
                        + c.column() + " in a later migration (it waits for contract)"))
                .toList();
    }
}
