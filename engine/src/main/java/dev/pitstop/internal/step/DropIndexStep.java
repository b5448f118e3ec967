package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.List;

/**
 * DROP INDEX (DESIGN.md §2): the previous version's queries may still need the index, so nothing happens
 * until CONTRACT, which drops it online: PostgreSQL {@code DROP INDEX CONCURRENTLY} (its wait for open
 * transactions does not block the application, like a concurrent build), MySQL/MariaDB
 * {@code ALGORITHM=INPLACE, LOCK=NONE}. Abort, which never follows a contract, has nothing to undo. A
 * concurrent drop that fails leaves the index marked invalid; running the statement again finishes it.
 */
public record DropIndexStep(ParsedStatement.DropIndex statement) implements Step {

    @Override
    public String kind() {
        return "drop-index";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        Action drop = new Action(Phase.CONTRACT, "drop index " + statement.index()
                + (statement.table() == null ? "" : " on " + statement.table()) + " online (the previous version used it until now)",
                dialect.onlineDdl().dropIndex(statement.source().text(), statement.table(), statement.index()), true);
        return List.of(dialect.onlineDdl().indexDropWaitsWithoutBlocking() ? drop.waitingWithoutBlocking() : drop);
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.indexValid(statement.table() == null ? "" : statement.table(), statement.index()).isEmpty();
    }
}
