package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;

/**
 * CREATE [UNIQUE] INDEX built online in EXPAND: PostgreSQL {@code CONCURRENTLY}, MySQL
 * {@code ALGORITHM=INPLACE, LOCK=NONE}. A failed or killed PostgreSQL build leaves an invalid index;
 * it is dropped before the next attempt, and a valid index of that name counts as done when resuming.
 */
public record CreateIndexStep(ParsedStatement.CreateIndex statement) implements Step {

    @Override
    public String kind() {
        return statement.unique() ? "create-unique-index" : "create-index";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        Action build = new Action(Phase.EXPAND, "build index " + statement.index() + " on " + statement.table() + " online",
                dialect.onlineDdl().createIndex(statement.source().text()), true);
        if (statement.unique()) {
            build = build.onViolation(statement.table() + " has rows that are duplicates on the columns of the unique index "
                    + statement.index() + ", so it cannot be built; the half-built index is dropped (or, if that could not "
                    + "be done now, at the start of the next run). Remove the duplicates and run migrate again");
        }
        return List.of(dialect.onlineDdl().indexBuildWaitsWithoutBlocking() ? build.waitingWithoutBlocking() : build);
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.indexValid(statement.table(), statement.index()).orElse(false);
    }

    @Override
    public List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        boolean invalidLeftover = !catalog.indexValid(statement.table(), statement.index()).orElse(true);
        return invalidLeftover
                ? dialect.onlineDdl().dropIndexLeftover(statement.table(), statement.index()).stream().toList()
                : List.of();
    }

    /** "existed" when an index of the name is there before the step (CREATE INDEX IF NOT EXISTS builds nothing). */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        return catalog.indexValid(statement.table(), statement.index()).orElse(false) ? "existed" : "built";
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /** Drops the index online (PostgreSQL CONCURRENTLY, also an invalid leftover), unless it existed before. */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        if ("existed".equals(memo) || catalog.indexValid(statement.table(), statement.index()).isEmpty()) {
            return List.of();
        }
        Action drop = new Action(Phase.EXPAND, "drop index " + statement.index() + " on " + statement.table() + " online",
                dialect.onlineDdl().dropIndex(statement.table(), statement.index()), true);
        return List.of(dialect.onlineDdl().indexDropWaitsWithoutBlocking() ? drop.waitingWithoutBlocking() : drop);
    }
}
