package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.Sql;
import dev.pitstop.spi.ThrottleSql;
import java.util.List;
import java.util.Optional;

/**
 * The throttler's signals on PostgreSQL: the largest replay lag of the streaming replicas this server
 * sends to (0 without replicas, or when they are idle and caught up), and the number of client backends
 * running a statement, not counting the session that asks.
 */
final class PostgresThrottleSql implements ThrottleSql {

    @Override
    public Optional<SignalQuery> replicaLag() {
        return Optional.of(new SignalQuery(Sql.of("/* pitstop */ SELECT COALESCE(EXTRACT(epoch FROM max(replay_lag)), 0) "
                + "AS lag_seconds FROM pg_stat_replication"), List.of("lag_seconds"), 0));
    }

    @Override
    public Optional<SignalQuery> serverLoad() {
        return Optional.of(new SignalQuery(Sql.of("/* pitstop */ SELECT count(*) AS active FROM pg_stat_activity "
                + "WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"),
                List.of("active"), 0));
    }
}
