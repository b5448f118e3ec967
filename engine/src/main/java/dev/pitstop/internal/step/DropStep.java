package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * DROP COLUMN and DROP TABLE (DESIGN.md §2): the previous application version still reads and writes
 * what is dropped, so nothing happens until CONTRACT, which runs the statement under the short lock
 * wait (MySQL/MariaDB: {@code ALGORITHM=INSTANT}, so the drop copies nothing). Until then abort has
 * nothing to undo. A NOT NULL column without a default is refused: the new version's INSERTs, which
 * leave it out, would fail while it still exists.
 *
 * @param columns the dropped columns, empty for DROP TABLE
 */
public record DropStep(SourceStatement source, String table, List<String> columns, boolean ifExists) implements Step {

    public DropStep {
        columns = List.copyOf(columns);
    }

    @Override
    public String kind() {
        return columns.isEmpty() ? "drop-table" : "drop-columns";
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String what = columns.isEmpty() ? "drop table " + table : "drop column(s) " + String.join(", ", columns) + " of " + table;
        Sql statement = columns.isEmpty() ? Sql.of(source.text().strip()) : dialect.onlineDdl().dropColumns(source.text());
        return List.of(new Action(Phase.CONTRACT, what + " (the previous version used it until now)", statement, true));
    }

    /** Nothing ran before contract, and abort never follows a contract. */
    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (columns.isEmpty() || !catalog.tableExists(table)) {
            return null;
        }
        List<String> blocking = new ArrayList<>();
        for (String column : columns) {
            String name = catalog.normalize(column);
            if (catalog.columnExists(table, name) && catalog.columnNotNull(table, name)
                    && !catalog.columnHasDefault(table, name)) {
                blocking.add(name);
            }
        }
        if (blocking.isEmpty()) {
            return null;
        }
        return "column(s) " + String.join(", ", blocking) + " of " + table + " are NOT NULL without a default: until "
                + "contract drops them, the new version's INSERTs, which leave them out, would fail. Give them a default "
                + "(or drop NOT NULL) in an earlier migration, deploy, then drop them";
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        if (columns.isEmpty()) {
            return !catalog.tableExists(table);
        }
        return columns.stream().noneMatch(c -> catalog.columnExists(table, catalog.normalize(c)));
    }
}
