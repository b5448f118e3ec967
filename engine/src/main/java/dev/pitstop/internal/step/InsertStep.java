package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;

/**
 * {@code INSERT ... VALUES} (seed or reference rows): run in BACKFILL as written, in one transaction with the
 * step's checkpoint, so a run killed at any instant neither loses it nor runs it twice. Abort leaves the rows
 * (a data statement; see {@link DataChangeStep}).
 */
public record InsertStep(ParsedStatement.Insert statement) implements Step {

    @Override
    public String kind() {
        return "insert-rows";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String text = statement.source().text().strip().replaceFirst("\\s*;\\s*$", "");
        return List.of(Action.backfill("insert rows into " + statement.table(), Sql.of(text),
                Backfill.once(statement.table(), text)));
    }

    /** The checkpoint, committed with the rows, says whether it ran. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }
}
