package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code drop-deferred} (information): DROP COLUMN, DROP TABLE and DROP INDEX do nothing until {@code contract}, so
 * the previous version keeps reading and writing what is dropped while it runs.
 */
public final class DeferredDrop implements Rule {
    public static final String ID = "drop-deferred";
    private static final String LATER = " waits for contract (after the previous version is gone); migrate does not touch it";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.DropColumns d) {
            return Infos.one(ID, "DROP COLUMN " + String.join(", ", d.columns()) + " of " + d.table() + LATER);
        }
        if (s.statement() instanceof ParsedStatement.DropTable d) {
            return Infos.one(ID, "DROP TABLE " + d.table() + LATER);
        }
        if (s.statement() instanceof ParsedStatement.DropIndex d) {
            return Infos.one(ID, "DROP INDEX " + d.index() + LATER + "; contract drops it online");
        }
        return List.of();
    }
}
