package dev.pitstop.dialect.postgres;

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

class PostgresDialectTest {

    private final PostgresDialect dialect = new PostgresDialect(15, 19);

    @Test
    void describesItselfAndUsesThePostgresGrammar() {
        assertThat(dialect.id()).isEqualTo("postgres");
        assertThat(dialect.describe()).isEqualTo("PostgreSQL 15.19");
        assertThat(dialect.parserFlavor()).isEqualTo(ParserFlavor.POSTGRES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Orders          | orders",
            "orders          | orders",
            "ORDER_ITEMS     | order_items",
            "\"Orders\"      | Orders",
            "\"say \"\"hi\"\"\" | say \"hi\"",
            "\"with space\"  | with space"})
    void normalizeIdentifierFoldsUnquotedNamesAndUnquotesQuotedOnes(String written, String stored) {
        assertThat(dialect.normalizeIdentifier(written)).isEqualTo(stored);
    }

    @Test
    void aLoneQuoteCharacterIsNotAQuotedName() {
        assertThat(dialect.normalizeIdentifier("\"")).isEqualTo("\"");
    }

    @Test
    void lockTimeoutIsSetInMilliseconds() {
        assertThat(dialect.lockTimeout(Duration.ofSeconds(2)).text()).isEqualTo("SET lock_timeout = '2000ms'");
        assertThat(dialect.lockTimeout(Duration.ofMillis(250)).text()).isEqualTo("SET lock_timeout = '250ms'");
    }

    @Test
    void aZeroLockTimeoutBecomesOneMillisecondBecauseZeroMeansWaitForever() {
        assertThat(dialect.lockTimeout(Duration.ZERO).text()).isEqualTo("SET lock_timeout = '1ms'");
    }

    @Test
    void restorePutsBackTheLockTimeoutAndApplicationNameTheConnectionHad() {
        java.util.Map<String, Object> captured = java.util.Map.of("application_name", "shop", "lock_timeout", "7s",
                "statement_timeout", "0");
        assertThat(dialect.sessionSetup()).extracting(Sql::text).containsExactly("SET application_name = 'pitstop'");
        assertThat(dialect.restoreLockTimeout(captured).args()).containsExactly("7s", "0");
        assertThat(dialect.restoreSession(captured)).extracting(Sql::args)
                .containsExactly(java.util.List.of("shop"), java.util.List.of("7s", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"55P03", "40P01", "57014"})
    void lockNotAvailableAndDeadlockAreLockTimeouts(String sqlState) {
        assertThat(dialect.isLockTimeout(new SQLException("waited", sqlState))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42601", "23505", "08006"})
    void otherFailuresAreNotLockTimeouts(String sqlState) {
        assertThat(dialect.isLockTimeout(new SQLException("failed", sqlState))).isFalse();
    }

    @Test
    void aFailureWithoutSqlStateIsNotALockTimeout() {
        assertThat(dialect.isLockTimeout(new SQLException("no state"))).isFalse();
    }

    @Test
    void theAdvisoryLockKeysArePitstopsConstantAndAStableNonNegativeHashOfTheName() {
        Sql acquire = dialect.lock().tryAcquire("pitstop:app");
        Sql release = dialect.lock().release("pitstop:app");

        assertThat(acquire.text()).isEqualTo("SELECT pg_try_advisory_lock(?, ?)");
        assertThat(release.text()).isEqualTo("SELECT pg_advisory_unlock(?, ?)");
        assertThat(acquire.args()).containsExactly(0x50495453, PostgresLockSql.key("pitstop:app")).isEqualTo(release.args());
        assertThat(PostgresLockSql.key("pitstop:app")).isNotNegative().isEqualTo(PostgresLockSql.key("pitstop:app"));
        assertThat(PostgresLockSql.key("polygenelubricants")).isNotNegative();
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndHandlesPostgresOnly() {
        DialectProvider provider = ServiceLoader.load(DialectProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("postgres"))
                .findFirst().orElseThrow();

        ServerInfo postgres = new ServerInfo("PostgreSQL", "16.4", 16, 4, "jdbc:postgresql://db/app");
        assertThat(provider.handles(postgres)).isTrue();
        assertThat(provider.handles(new ServerInfo("MySQL", "8.4.3", 8, 4, "jdbc:mysql://db/app"))).isFalse();
        assertThat(provider.create(postgres).describe()).isEqualTo("PostgreSQL 16.4");
    }

    @Test
    void dataChecksAreBoundedPlainReads() {
        assertThat(dialect.catalog().duplicates("users", java.util.List.of("email", "org"), 3).text())
                .isEqualTo("SELECT \"email\"::text, \"org\"::text, COUNT(*) AS n FROM \"users\" WHERE \"email\" IS NOT NULL AND \"org\" IS NOT NULL GROUP BY \"email\", \"org\" HAVING COUNT(*) > 1 LIMIT 3");
        assertThat(dialect.catalog().nulls("users", "age", 1000).text())
                .isEqualTo("SELECT COUNT(*) AS n FROM (SELECT 1 FROM \"users\" WHERE \"age\" IS NULL LIMIT 1000) counted");
        assertThat(dialect.catalog().rowsUpTo("users", 2).text())
                .isEqualTo("SELECT COUNT(*) AS n FROM (SELECT 1 FROM \"users\" LIMIT 2) counted");
    }
}
