package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code rename-expand-contract} (information): a rename is not run as written. RENAME COLUMN adds the new column
 * and keeps both in sync with triggers until contract; RENAME TABLE leaves an updatable view under the old name
 * until contract. Both versions keep working in between.
 */
public final class RenameKeptInSync implements Rule {
    public static final String ID = "rename-expand-contract";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.RenameColumn r) {
            return Infos.one(ID, r.table() + "." + r.from() + " to " + r.to() + ": expand adds " + r.to() + " and triggers "
                    + "that keep both columns equal, backfill copies the rows, contract drops " + r.from());
        }
        if (s.statement() instanceof ParsedStatement.RenameTable r) {
            return Infos.one(ID, r.from() + " to " + r.to() + ": expand renames the table and leaves an updatable view "
                    + r.from() + " for the previous version; contract drops the view");
        }
        return List.of();
    }
}
