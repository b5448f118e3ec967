package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.DialectProvider;
import dev.pitstop.spi.ParserFlavor;
import dev.pitstop.spi.ServerInfo;
import dev.pitstop.spi.Sql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlDialectTest {

    private final MySqlDialect dialect = new MySqlDialect(Flavour.of("5.5.5-10.11.19-MariaDB"));

    @Test
    void describesItsFlavourAndUsesTheMySqlGrammar() {
        assertThat(dialect.id()).isEqualTo("mysql");
        assertThat(dialect.describe()).isEqualTo("MariaDB 10.11");
        assertThat(new MySqlDialect(Flavour.of("8.4.3")).describe()).isEqualTo("MySQL 8.4");
        assertThat(dialect.parserFlavor()).isEqualTo(ParserFlavor.MYSQL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Orders         | Orders",
            "orders         | orders",
            "`Orders`       | Orders",
            "`odd``name`    | odd`name",
            "\"Orders\"     | Orders",
            "`with space`   | with space"})
    void normalizeIdentifierStripsQuotesAndKeepsCase(String written, String stored) {
        assertThat(dialect.normalizeIdentifier(written)).isEqualTo(stored);
    }

    @Test
    void aLoneBacktickIsNotAQuotedName() {
        assertThat(dialect.normalizeIdentifier("`")).isEqualTo("`");
    }

    @ParameterizedTest
    @CsvSource({"2000, 2", "1500, 2", "1001, 2", "999, 1", "1, 1", "0, 1", "60000, 60"})
    void lockWaitTimeoutIsWholeSecondsRoundedUpAndAtLeastOne(long millis, long seconds) {
        assertThat(dialect.lockTimeout(Duration.ofMillis(millis)).text())
                .isEqualTo("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds);
    }

    @Test
    void restorePutsBackTheLockWaitTimeoutTheConnectionHad() {
        assertThat(dialect.captureSession().text()).startsWith("SELECT @@SESSION.lock_wait_timeout AS lock_wait_timeout, "
                + "@@SESSION.innodb_lock_wait_timeout AS innodb_lock_wait_timeout");
        assertThat(dialect.restoreLockTimeout(java.util.Map.of("lock_wait_timeout", 7L)).text())
                .isEqualTo("SET SESSION lock_wait_timeout = 7, @pitstop_sync = NULL, @pitstop_tombstones = NULL");
        assertThat(dialect.restoreLockTimeout(java.util.Map.of("lock_wait_timeout", 7L, "innodb_lock_wait_timeout", 50L,
                "isolation", "REPEATABLE-READ")).text()).startsWith("SET SESSION lock_wait_timeout = 7, @pitstop_sync = NULL, @pitstop_tombstones = NULL, "
                + "innodb_lock_wait_timeout = 50, ").endsWith("_isolation = 'REPEATABLE-READ'");
        assertThat(dialect.restoreSession(java.util.Map.of("lock_wait_timeout", 7L))).extracting(Sql::text)
                .containsExactly("SET SESSION lock_wait_timeout = 7, @pitstop_sync = NULL, @pitstop_tombstones = NULL");
        assertThat(dialect.sessionSetup()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1205, 1213, 1969, 3024})
    void lockWaitTimeoutAndDeadlockAreLockTimeouts(int errorCode) {
        assertThat(dialect.isLockTimeout(new SQLException("waited", "HY000", errorCode))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1062, 1064, 1146, 2013})
    void otherErrorsAreNotLockTimeouts(int errorCode) {
        assertThat(dialect.isLockTimeout(new SQLException("failed", "HY000", errorCode))).isFalse();
    }

    @Test
    void aFailureWithoutSqlStateIsJudgedByItsErrorCode() {
        assertThat(dialect.isLockTimeout(new SQLException("no state", null, 1205))).isTrue();
        assertThat(dialect.isLockTimeout(new SQLException("no state"))).isFalse();
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndHandlesMySqlAndMariaDb() {
        DialectProvider provider = ServiceLoader.load(DialectProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("mysql"))
                .findFirst().orElseThrow();

        ServerInfo mariaDb = new ServerInfo("MariaDB", "10.11.19-MariaDB-0+deb12u1", 10, 11, "jdbc:mariadb://db/app");
        ServerInfo mariaDbViaConnectorJ = new ServerInfo("MySQL", "5.5.5-10.11.19-MariaDB", 5, 5, "jdbc:mysql://db/app");
        assertThat(provider.handles(mariaDb)).isTrue();
        assertThat(provider.handles(mariaDbViaConnectorJ)).isTrue();
        assertThat(provider.handles(new ServerInfo("PostgreSQL", "16.4", 16, 4, "jdbc:postgresql://db/app"))).isFalse();
        assertThat(provider.create(mariaDbViaConnectorJ).describe()).isEqualTo("MariaDB 10.11");
    }

    @Test
    void dataChecksAreBoundedPlainReads() {
        assertThat(dialect.catalog().duplicates("users", java.util.List.of("email", "org"), 3).text())
                .isEqualTo("SELECT `email`, `org`, COUNT(*) AS n FROM `users` WHERE `email` IS NOT NULL AND `org` IS NOT NULL GROUP BY `email`, `org` HAVING COUNT(*) > 1 LIMIT 3");
        assertThat(dialect.catalog().nulls("users", "age", 1000).text())
                .isEqualTo("SELECT COUNT(*) AS n FROM (SELECT 1 FROM `users` WHERE `age` IS NULL LIMIT 1000) counted");
        assertThat(dialect.catalog().rowsUpTo("users", 2).text())
                .isEqualTo("SELECT COUNT(*) AS n FROM (SELECT 1 FROM `users` LIMIT 2) counted");
    }
}
