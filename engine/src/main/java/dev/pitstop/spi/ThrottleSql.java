package dev.pitstop.spi;

import java.util.List;
import java.util.Optional;

/**
 * SQL of the throttler's built-in signals (DESIGN.md §6, {@code internal.throttle}): replica lag and
 * server load. Each query returns at most one row; the engine only reads the number out of it.
 */
public interface ThrottleSql {

    /** A dialect without built-in signals: a configured lag or load threshold cannot be read there. */
    ThrottleSql NONE = new ThrottleSql() {
    };

    /**
     * One signal's query.
     *
     * @param columns where the number is: the first of these columns the row has (any case); when empty, the
     *     row's last column
     * @param whenNoRow the value when the query returns no row (e.g. 0 lag on a server that is not a replica)
     */
    record SignalQuery(Sql sql, List<String> columns, double whenNoRow) {
        public SignalQuery {
            columns = List.copyOf(columns);
        }
    }

    /** Replication lag in seconds; a NULL in the row (replication stopped) is a signal that cannot be read. */
    default Optional<SignalQuery> replicaLag() {
        return Optional.empty();
    }

    /** How busy the server is: the number of queries running now (other sessions', where the server can tell). */
    default Optional<SignalQuery> serverLoad() {
        return Optional.empty();
    }
}
