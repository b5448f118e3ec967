package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;
import java.util.Locale;

/**
 * A data statement ({@code UPDATE t SET ... [WHERE ...]}, {@code DELETE FROM t [WHERE ...]}) run in BACKFILL
 * as keyset chunks over the table's primary key: one short transaction per chunk, throttled by the chunk
 * time, the checkpoint committed with each chunk so a killed run resumes without redoing one. Nothing runs
 * in EXPAND or CONTRACT.
 *
 * <p>Abort does not change the rows back: it undoes the schema steps around the statement (a column an
 * earlier step added goes, with the values the statement wrote into it), and leaves the rows the statement
 * changed in other columns as they are. Write the reverse statement as a new migration where it matters.
 */
public record DataChangeStep(ParsedStatement.DataChange statement) implements Step {

    @Override
    public String kind() {
        return statement.set() == null ? "delete-rows" : "update-rows";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String verb = statement.set() == null ? "delete" : "update";
        String what = verb + " rows of " + statement.table() + (statement.where() == null ? "" : " where " + statement.where())
                + " in keyset chunks, one transaction each";
        return List.of(Action.backfill(what, Sql.of(statement.source().text().strip()),
                new Backfill(statement.table(), statement.set(), statement.where())));
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (!dev.pitstop.spi.Identifiers.qualifier(statement.table()).isEmpty()) {
            return "the " + (statement.set() == null ? "DELETE" : "UPDATE") + " on " + statement.table() + " names a "
                    + "schema-qualified table, which chunked data statements do not support yet. Name the table unqualified "
                    + "and run Pitstop with that schema (database) as the current one";
        }
        if (!catalog.tableExists(statement.table())) {
            return null;
        }
        Catalog.Key key = catalog.primaryKey(statement.table()).orElse(null);
        if (key == null) {
            return "the " + (statement.set() == null ? "DELETE" : "UPDATE") + " on " + statement.table() + " runs in chunks "
                    + "over the primary key, and " + statement.table() + " has none. Add a primary key in an earlier migration";
        }
        for (String column : statement.setColumns()) {
            String name = catalog.normalize(column);
            if (key.columns().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))) {
                return "the UPDATE on " + statement.table() + " assigns the primary key column " + name + ", which the "
                        + "chunks walk the table by: rows would be visited twice or skipped. Write the change as a new column "
                        + "(expand), backfill it, and switch the key in a later migration";
            }
        }
        return null;
    }

    /** A data change leaves nothing in the catalog to tell it ran: its checkpoint says how far it got. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }

    /** Nothing to undo in the schema; the changed rows stay as they are (see the class comment). */
    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }
}
