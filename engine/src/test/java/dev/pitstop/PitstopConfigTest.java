package dev.pitstop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PitstopConfigTest {

    /** Configuration never touches the database: every call on this data source fails the test. */
    static final class UntouchableDataSource implements DataSource {
        private static AssertionError touched() {
            return new AssertionError("the configuration touched the data source");
        }

        @Override
        public Connection getConnection() {
            throw touched();
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw touched();
        }

        @Override
        public PrintWriter getLogWriter() {
            throw touched();
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            throw touched();
        }

        @Override
        public void setLoginTimeout(int seconds) {
            throw touched();
        }

        @Override
        public int getLoginTimeout() {
            throw touched();
        }

        @Override
        public Logger getParentLogger() {
            throw touched();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw touched();
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            throw touched();
        }
    }

    private final DataSource dataSource = new UntouchableDataSource();

    private PitstopConfig.Builder configure() {
        return Pitstop.configure().dataSource(dataSource);
    }

    private static void assertInvalidConfig(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.exitCode()).isEqualTo(2);
                })
                .hasMessageContaining(messagePart);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        PitstopConfig config = configure().build();

        assertThat(config.dataSource()).isSameAs(dataSource);
        assertThat(config.locations()).containsExactly("classpath:db/migration");
        assertThat(config.dialect()).isNull();
        assertThat(config.lockWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.ddlRetryBudget()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.classLoader()).isNotNull();
        assertThat(config.installedBy()).isNotBlank();
    }

    @Test
    void explicitValuesAreKept() {
        PitstopConfig config = configure()
                .locations("filesystem:sql", "classpath:more")
                .dialect("mysql")
                .lockWait(Duration.ofSeconds(30))
                .ddlLockTimeout(Duration.ofMillis(500))
                .ddlRetryBudget(Duration.ofSeconds(10))
                .installedBy("deployer")
                .build();

        assertThat(config.locations()).containsExactly("filesystem:sql", "classpath:more");
        assertThat(config.dialect()).isEqualTo("mysql");
        assertThat(config.lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.ddlLockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.ddlRetryBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.installedBy()).isEqualTo("deployer");
    }

    @Test
    void locationsReplaceEachOther() {
        assertThat(configure().locations("a").locations("b").build().locations()).containsExactly("b");
    }

    @Test
    void loadValidatesWithoutTouchingTheDatabase() {
        assertThat(configure().load().config().dataSource()).isSameAs(dataSource);
    }

    @Test
    void refusesAMissingDataSource() {
        assertInvalidConfig(() -> Pitstop.configure().build(), "no data source");
        assertInvalidConfig(() -> Pitstop.configure().load(), "no data source");
    }

    @Test
    void refusesABlankLocation() {
        assertInvalidConfig(() -> configure().locations("db/migration", " ").build(), "empty migration location");
    }

    @Test
    void refusesANullLocation() {
        assertInvalidConfig(() -> configure().locations(Arrays.asList("db/migration", null)).build(), "empty migration location");
    }

    @Test
    void refusesNonPositiveDurationsNamingTheSetting() {
        assertInvalidConfig(() -> configure().lockWait(Duration.ZERO).build(), "lockWait must be a positive duration");
        assertInvalidConfig(() -> configure().lockWait(null).build(), "lockWait must be a positive duration");
        assertInvalidConfig(() -> configure().ddlLockTimeout(Duration.ofSeconds(-1)).build(), "ddlLockTimeout must be a positive");
        assertInvalidConfig(() -> configure().ddlRetryBudget(Duration.ZERO).build(), "ddlRetryBudget must be a positive");
    }

    @Test
    void refusesARetryBudgetShorterThanTheLockTimeout() {
        assertInvalidConfig(() -> configure().ddlLockTimeout(Duration.ofSeconds(5)).ddlRetryBudget(Duration.ofSeconds(4)).build(),
                "ddlRetryBudget (PT4S) is shorter than ddlLockTimeout (PT5S)");
    }

    @Test
    void aRetryBudgetEqualToTheLockTimeoutFitsOneAttempt() {
        assertThat(configure().ddlLockTimeout(Duration.ofSeconds(5)).ddlRetryBudget(Duration.ofSeconds(5)).build().ddlRetryBudget())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"oracle", "postgresql", "mariadb"})
    void refusesAnUnknownDialectListingTheKnownOnes(String dialect) {
        assertInvalidConfig(() -> configure().dialect(dialect).build(), "unknown dialect '" + dialect + "': use postgres or mysql");
    }

    @Test
    void aBlankDialectMeansDetect() {
        assertThat(configure().dialect(" ").build().dialect()).isNull();
        assertThat(configure().dialect("postgres").build().dialect()).isEqualTo("postgres");
    }

    @Test
    void aBlankInstalledByFallsBackToPitstop() {
        assertThat(configure().installedBy(" ").build().installedBy()).isEqualTo("pitstop");
        assertThat(configure().installedBy(null).build().installedBy()).isEqualTo("pitstop");
    }

    @Test
    void aNullClassLoaderFallsBackToPitstopsOwn() {
        assertThat(configure().classLoader(null).build().classLoader()).isSameAs(PitstopConfig.class.getClassLoader());
    }

    @Test
    void theConfigsLocationsCannotBeChangedAfterwards() {
        PitstopConfig config = configure().locations(List.of("a")).build();

        assertThatThrownBy(() -> config.locations().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
