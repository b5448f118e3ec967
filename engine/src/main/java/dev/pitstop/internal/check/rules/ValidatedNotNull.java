package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code not-null-validated} (information): an accepted PostgreSQL SET NOT NULL does not scan the table under a
 * lock: expand adds a {@code CHECK (c IS NOT NULL) NOT VALID}, backfill validates it while writers go on, then
 * sets NOT NULL (PostgreSQL 12+ reads nothing) and drops the helper.
 */
public final class ValidatedNotNull implements Rule {
    public static final String ID = "not-null-validated";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.ColumnChange c
                && c.change() == ParsedStatement.ColumnChange.Change.SET_NOT_NULL) {
            return Infos.one(ID, c.table() + "." + c.column() + ": expand adds CHECK (" + c.column() + " IS NOT NULL) NOT "
                    + "VALID, backfill validates it without blocking writers, then SET NOT NULL and the helper is dropped");
        }
        return List.of();
    }
}
