package dev.pitstop.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.ThrottleSql.SignalQuery;
import org.junit.jupiter.api.Test;

/** Golden tests of the throttler's signals and the control table on PostgreSQL. */
class PostgresThrottleSqlTest {
    private final PostgresDialect dialect = new PostgresDialect(15, 19);

    @Test
    void replicaLagIsTheLargestReplayLagOfTheReplicasAndZeroWithoutThem() {
        SignalQuery lag = dialect.throttle().replicaLag().orElseThrow();

        assertThat(lag.sql().text()).isEqualTo("/* pitstop */ SELECT COALESCE(EXTRACT(epoch FROM max(replay_lag)), 0) "
                + "AS lag_seconds FROM pg_stat_replication");
        assertThat(lag.columns()).containsExactly("lag_seconds");
    }

    @Test
    void loadCountsActiveClientBackendsButTheAskingOne() {
        assertThat(dialect.throttle().serverLoad().orElseThrow().sql().text()).isEqualTo("/* pitstop */ SELECT count(*) "
                + "AS active FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' "
                + "AND pid <> pg_backend_pid()");
    }

    @Test
    void aControlIsOneRowPerNameReplacedWhenSetAgain() {
        assertThat(dialect.state().createControl().text()).contains("CREATE TABLE IF NOT EXISTS pitstop_control",
                "name       varchar(40)  PRIMARY KEY");
        assertThat(dialect.state().setControl("pause", "true", "ana@host").text()).isEqualTo("INSERT INTO pitstop_control "
                + "(name, value, set_by) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, "
                + "set_by = EXCLUDED.set_by, updated_at = clock_timestamp()");
        assertThat(dialect.state().clearControl("pause").text()).isEqualTo("DELETE FROM pitstop_control WHERE name = ?");
    }
}
