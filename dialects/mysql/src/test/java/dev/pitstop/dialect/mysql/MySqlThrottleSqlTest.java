package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.ThrottleSql.SignalQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden tests of the throttler's signals and the control table on MySQL and MariaDB. */
class MySqlThrottleSqlTest {

    @ParameterizedTest
    @CsvSource({"5.5.5-10.11.19-MariaDB, SHOW REPLICA STATUS", "10.5.2-MariaDB, SHOW SLAVE STATUS",
            "8.4.3, SHOW REPLICA STATUS", "8.0.36, SHOW SLAVE STATUS"})
    void lagIsTheServersOwnReplicationDelayInTheStatementItsVersionKnows(String version, String statement) {
        SignalQuery lag = new MySqlDialect(Flavour.of(version)).throttle().replicaLag().orElseThrow();

        assertThat(lag.sql().text()).isEqualTo(statement);
        assertThat(lag.columns()).containsExactly("Seconds_Behind_Source", "Seconds_Behind_Master");
        assertThat(lag.whenNoRow()).as("not a replica: no lag of its own").isZero();
    }

    @Test
    void loadIsThreadsRunning() {
        SignalQuery load = new MySqlDialect(Flavour.of("8.4.3")).throttle().serverLoad().orElseThrow();

        assertThat(load.sql().text()).isEqualTo("SHOW GLOBAL STATUS LIKE 'Threads_running'");
        assertThat(load.columns()).containsExactly("Value");
    }

    @Test
    void aControlIsOneRowPerNameReplacedWhenSetAgain() {
        MySqlDialect dialect = new MySqlDialect(Flavour.of("8.4.3"));

        assertThat(dialect.state().createControl().text()).contains("CREATE TABLE IF NOT EXISTS pitstop_control",
                "ENGINE=InnoDB");
        assertThat(dialect.state().setControl("pause", "true", "ana@host").text()).isEqualTo("INSERT INTO pitstop_control "
                + "(name, value, set_by) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), "
                + "set_by = VALUES(set_by), updated_at = CURRENT_TIMESTAMP(3)");
    }
}
