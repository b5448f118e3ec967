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
