package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code primary-key-online} (information): PostgreSQL {@code [DROP CONSTRAINT pkey,] ADD PRIMARY KEY} builds the
 * key's unique index concurrently and swaps the constraint under a short lock; a replaced key keeps a unique index
 * on its columns until contract, so the previous version's lookups and {@code ON CONFLICT} keep working.
 */
public final class OnlinePrimaryKey implements Rule {
    public static final String ID = "primary-key-online";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.PrimaryKey k && s.previousVersionUses(k.table())) {
            return Infos.one(ID, "the primary key (" + String.join(", ", k.columns()) + ") of " + k.table() + " is built "
                    + "CONCURRENTLY and swapped in under a short lock_timeout" + (k.dropConstraint() == null ? ""
                    : "; the old key keeps a unique index until contract"));
        }
        return List.of();
    }
}
