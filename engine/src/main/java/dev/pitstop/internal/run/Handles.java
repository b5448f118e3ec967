package dev.pitstop.internal.run;

import dev.pitstop.spi.Sql;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Runs dialect {@link Sql} values on a JDBI handle, binding their positional arguments. */
public final class Handles {
    private Handles() {
    }

    public static Query query(Handle handle, Sql sql) {
        Query q = handle.createQuery(sql.text());
        for (int i = 0; i < sql.args().size(); i++) {
            q.bind(i, sql.args().get(i));
        }
        return q;
    }

    /** Runs a statement; returns its update count. */
    public static int execute(Handle handle, Sql sql) {
        return handle.execute(sql.text(), sql.args().toArray());
    }

    /**
     * Runs a {@code CREATE ... IF NOT EXISTS} that other sessions may run at the same moment (instances starting
     * together, {@code pitstop pause} beside a starting migrate). PostgreSQL's is not atomic: the loser fails on
     * the catalog's unique index (23505), on the table's row type (42710, "type ... already exists") or finds the
     * table (42P07), and the table is there in each case. Run outside a transaction.
     */
    public static void createRacing(Handle handle, Sql create) {
        try {
            execute(handle, create);
        } catch (RuntimeException e) {
            java.sql.SQLException s = sqlException(e);
            if (s == null || !java.util.Set.of("23505", "42710", "42P07").contains(s.getSQLState())) {
                throw e;
            }
        }
    }

    /** The first SQLException in the chain, or null. */
    public static java.sql.SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** The database's own words, without JDBI's wrapping. */
    public static String cause(Throwable e) {
        java.sql.SQLException sql = sqlException(e);
        String message = sql != null ? sql.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}
