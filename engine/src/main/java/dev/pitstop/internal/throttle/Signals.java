package dev.pitstop.internal.throttle;

import dev.pitstop.ThrottleSettings;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.spi.Sql;
import dev.pitstop.spi.ThrottleSql;
import dev.pitstop.spi.ThrottleSql.SignalQuery;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Reads the configured signals on the work connection: replica lag (the user's lag query, or the dialect's
 * replication status), server load, and the user's throttle query. Only signals with a threshold are read.
 * Each query may run at most {@value #QUERY_TIMEOUT_SECONDS} s; any failure makes its reading unreadable.
 */
final class Signals {
    static final int QUERY_TIMEOUT_SECONDS = 5;

    private final Handle handle;
    private final ThrottleSql sql;
    private final ThrottleSettings settings;

    Signals(Handle handle, ThrottleSql sql, ThrottleSettings settings) {
        this.handle = handle;
        this.sql = sql;
        this.settings = settings;
    }

    /** True when the user's own SQL is read (it gets the session's own statement limits, not the chunk's). */
    boolean readsUserSql() {
        return settings.lagQuery() != null || settings.throttleQuery() != null;
    }

    boolean readsAny() {
        return settings.readsLag() || settings.readsLoad() || settings.throttleQuery() != null;
    }

    List<Reading> read() {
        List<Reading> out = new ArrayList<>();
        if (settings.readsLag()) {
            Optional<SignalQuery> q = settings.lagQuery() != null
                    ? Optional.of(new SignalQuery(Sql.of(settings.lagQuery()), List.of(), Double.NaN))
                    : sql.replicaLag();
            out.add(read("replica lag", "maxLag/criticalLag", " s", q, seconds(settings.maxLag()),
                    seconds(settings.criticalLag())));
        }
        if (settings.readsLoad()) {
            out.add(read("server load", "maxLoad/criticalLoad", "", sql.serverLoad(), number(settings.maxLoad()),
                    number(settings.criticalLoad())));
        }
        if (settings.throttleQuery() != null) {
            out.add(read("throttle query", "throttleQuery/throttleQueryCritical", "", Optional.of(new SignalQuery(
                    Sql.of(settings.throttleQuery()), List.of(), Double.NaN)), 0.0, settings.throttleQueryCritical()));
        }
        return out;
    }

    private Reading read(String signal, String setting, String unit, Optional<SignalQuery> query, Double max,
                         Double critical) {
        if (query.isEmpty()) {
            return Reading.unreadable(signal, setting, "the dialect has no query for it; set lagQuery, or remove "
                    + setting);
        }
        SignalQuery q = query.get();
        try {
            List<Double> values = Handles.query(handle, q.sql()).setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                    .map((rs, ctx) -> value(rs, q.columns())).list();
            if (values.isEmpty() && Double.isNaN(q.whenNoRow())) {
                return Reading.unreadable(signal, setting, "the query returned no row");
            }
            Double v = values.isEmpty() ? q.whenNoRow() : values.get(0);
            if (v == null) {
                return Reading.unreadable(signal, setting, "the query returned NULL");
            }
            return Reading.of(signal, setting, unit, v, max, critical);
        } catch (RuntimeException e) {
            return Reading.unreadable(signal, setting, Handles.cause(e));
        }
    }

    /** The number in the first of {@code columns} the row has, or in its last column. */
    private static Double value(ResultSet rs, List<String> columns) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int at = md.getColumnCount();
        search:
        for (String wanted : columns) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).equalsIgnoreCase(wanted)) {
                    at = i;
                    break search;
                }
            }
        }
        Object v = rs.getObject(at);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a number: '" + v + "' in column " + md.getColumnLabel(at), e);
        }
    }

    private static Double seconds(java.time.Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static Double number(Integer n) {
        return n == null ? null : n.doubleValue();
    }
}
