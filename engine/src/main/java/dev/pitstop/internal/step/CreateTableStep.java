package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE TABLE: a new table no running version uses, so it runs as written in EXPAND. It is lock-bounded
 * because a foreign key in it locks the referenced table briefly. Abort drops it when it is empty and keeps
 * it under {@code <table>__pitstop_aborted} when the new version wrote rows into it.
 */
public record CreateTableStep(ParsedStatement.CreateTable statement) implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(CreateTableStep.class);
    /** The shorter of PostgreSQL's (63) and MySQL's (64) identifier limits. */
    private static final int MAX_NAME = 63;

    @Override
    public String kind() {
        return "create-table";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        return List.of(new Action(Phase.EXPAND, "create table " + statement.table(),
                dialect.onlineDdl().createTable(statement.source().text()), true));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.tableExists(statement.table());
    }

    /** "existed" when the table is there before the step (CREATE TABLE IF NOT EXISTS creates nothing). */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        return catalog.tableExists(statement.table()) ? "existed" : "created";
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /** The name a table abort keeps aside, as the catalog stores it: {@code <table>__pitstop_aborted}. */
    public static String keptName(String catalogName) {
        String suffix = "__pitstop_aborted";
        return catalogName.substring(0, Math.min(catalogName.length(), MAX_NAME - suffix.length())) + suffix;
    }

    @Override
    public String abortRefusal(Catalog catalog, Dialect dialect, String memo) {
        String kept = kept(dialect);
        if (!"existed".equals(memo) && catalog.tableExists(statement.table()) && catalog.tableExists(kept)) {
            return "abort keeps the rows of " + statement.table() + " in " + kept + ", which already exists (an earlier "
                    + "abort kept rows there). Copy out what you need, drop or rename " + kept + ", and run abort again";
        }
        return null;
    }

    /**
     * Never loses a row: the table is first renamed aside to {@code <table>__pitstop_aborted} (no writer of the
     * old name can reach it after that, so checking it for rows cannot race one), then dropped if it is empty and
     * otherwise kept, which the log says.
     */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        if ("existed".equals(memo)) {
            return List.of();
        }
        String kept = kept(dialect);
        if (catalog.tableExists(statement.table())) {
            return List.of(new Action(Phase.EXPAND, "rename " + statement.table() + " aside to " + kept
                    + " (dropped next if it holds no row)", dialect.onlineDdl().renameTable(statement.table(), kept), true));
        }
        if (catalog.isBaseTable(kept) && !catalog.hasRows(kept)) {
            return List.of(new Action(Phase.EXPAND, "drop " + kept + ": it holds no row",
                    dialect.onlineDdl().dropTable(kept), true));
        }
        if (catalog.isBaseTable(kept)) {
            LOG.warn("abort kept the table {} as {}: the new version wrote rows into it; copy out what you need and drop it",
                    statement.table(), kept);
        }
        return List.of();
    }

    private String kept(Dialect dialect) {
        return dialect.onlineDdl().quote(keptName(dialect.normalizeIdentifier(Identifiers.unqualified(statement.table()))),
                statement.table());
    }
}
