package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.List;

/**
 * ALTER TABLE t ALTER [COLUMN] c SET DEFAULT x / DROP DEFAULT: metadata only on both databases
 * (MySQL/MariaDB: {@code ALGORITHM=INSTANT}), run in EXPAND under the short lock timeout. The default only
 * fills INSERTs that leave the column out, so both application versions keep working (a DROP DEFAULT of a
 * NOT NULL column the previous version leaves out is refused: its INSERTs would fail).
 *
 * <p>The default the column had is read before the step first runs and kept in pitstop_steps; abort puts it
 * back (or drops the new one when there was none).
 *
 * @param previous the default before the step first ran, as SQL; "" for none; null when not known
 */
public record ColumnDefaultStep(ParsedStatement.ColumnChange statement, String previous) implements Step {
    private static final String NONE = "none";
    private static final String PREFIX = "default:";

    public ColumnDefaultStep(ParsedStatement.ColumnChange statement) {
        this(statement, null);
    }

    private boolean drops() {
        return statement.change() == ParsedStatement.ColumnChange.Change.DROP_DEFAULT;
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return drops() ? "drop-default" : "set-default";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        return List.of(new Action(Phase.EXPAND, (drops() ? "drop the default of " : "set the default of ") + statement.column()
                + " of " + statement.table() + (drops() ? "" : " to " + statement.expression()),
                dialect.onlineDdl().alterColumnDefault(statement.source().text()), true));
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        String table = statement.table();
        String column = statement.column();
        if (!catalog.tableExists(table)) {
            return null;
        }
        if (!catalog.columnExists(table, column)) {
            return "column " + column + " of " + table + " does not exist";
        }
        if (drops() && catalog.columnNotNull(table, column) && catalog.columnDefault(table, column).isPresent()) {
            return column + " of " + table + " is NOT NULL: without its default, the previous version's INSERTs that "
                    + "leave it out would fail. Make the column nullable first (or keep the default until no version "
                    + "leaves it out)";
        }
        return null;
    }

    @Override
    public String remember(Catalog catalog) {
        return catalog.columnDefault(statement.table(), statement.column()).map(d -> PREFIX + d).orElse(NONE);
    }

    @Override
    public Step recall(String remembered) {
        return new ColumnDefaultStep(statement, remembered.startsWith(PREFIX) ? remembered.substring(PREFIX.length()) : "");
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return drops() != catalog.columnDefault(statement.table(), statement.column()).isPresent();
    }

    /** Puts the previous default back (drops the new one when there was none); nothing when it is not known. */
    @Override
    public List<Action> abortActions(Dialect dialect) {
        if (previous == null) {
            return List.of();
        }
        return List.of(new Action(Phase.EXPAND, "put back the default of " + statement.column() + " of " + statement.table()
                + (previous.isEmpty() ? " (none)" : " (" + previous + ")"), dialect.onlineDdl().restoreColumnDefault(
                statement.table(), dialect.normalizeIdentifier(statement.column()), previous.isEmpty() ? null : previous), true));
    }
}
