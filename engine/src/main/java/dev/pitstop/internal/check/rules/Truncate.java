package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.List;

/**
 * {@code truncate}: TRUNCATE empties a table in one blocking statement (PostgreSQL: ACCESS EXCLUSIVE lock; MySQL:
 * drop and re-create). The previous version's rows vanish under it while it runs, the statement cannot be
 * chunked or throttled, and {@code abort} cannot bring the rows back.
 */
public final class Truncate implements Rule {
    public static final String ID = "truncate";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        return s.edits().stream().filter(e -> e instanceof SchemaEdit.Truncate).map(e -> (SchemaEdit.Truncate) e)
                .map(t -> Finding.refuse(ID, "TRUNCATE " + String.join(", ", t.tables()) + " removes every row at once "
                        + "under an exclusive lock: the previous version's queries queue behind it and its rows vanish "
                        + "while it runs; abort cannot bring them back",
                        "DELETE FROM " + t.tables().get(0) + " [WHERE ...]: Pitstop runs it in backfill as keyset chunks, one "
                        + "short transaction each, without blocking writers. If the table is no longer needed, DROP TABLE "
                        + "(deferred to contract)"))
                .toList();
    }
}
