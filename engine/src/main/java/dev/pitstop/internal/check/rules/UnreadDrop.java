package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code drop-unread} (information): given the previous version's SQL, a DROP COLUMN that none of its statements
 * reads or writes (by name, {@code *} or an INSERT without a column list) could run already in expand: the previous
 * version never notices. Pitstop still runs it at contract, which is never less safe.
 */
public final class UnreadDrop implements Rule {
    public static final String ID = "drop-unread";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (!s.previous().given() || !(s.statement() instanceof ParsedStatement.DropColumns d)) {
            return List.of();
        }
        String table = Names.of(d.table());
        boolean touched = d.columns().stream().map(Names::of)
                .anyMatch(c -> s.previous().queries().stream().anyMatch(q -> q.touches(table, c)));
        return touched ? List.of() : Infos.one(ID, "no statement of the previous version (" + s.previous().file()
                + ", " + s.previous().queries().size() + " statements) reads or writes " + String.join(", ", d.columns())
                + " of " + d.table() + ": the drop is allowed to run in expand; Pitstop still runs it at contract");
    }
}
