package dev.pitstop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fixture against real servers (here: the local ones). {@link DroppedAfterClass} is registered
 * before {@code @WithDatabases}, so JUnit runs its {@code afterAll} after the fixture's and it can check
 * that every database of this class is gone.
 */
@ExtendWith(DatabasesExtensionIT.DroppedAfterClass.class)
@WithDatabases
class DatabasesExtensionIT {

    /** Primary database names per test class, to compare with {@link DatabasesExtensionSecondClassIT}. */
    static final Map<Class<?>, Set<String>> NAMES_BY_CLASS = new ConcurrentHashMap<>();
    private static TestDatabases classDatabases;

    private final TestDatabases databases;

    DatabasesExtensionIT(TestDatabases databases) {
        this.databases = databases;
    }

    @BeforeAll
    static void recordTheClassDatabases(TestDatabases databases) {
        classDatabases = databases;
        NAMES_BY_CLASS.put(DatabasesExtensionIT.class, Set.of(databases.postgres().name(), databases.mysql().name()));
        DatabasesExtensionSecondClassIT.assertFreshAndDistinct(DatabasesExtensionIT.class, databases);
    }

    @Test
    void postgresDatabaseWorks() {
        TestDatabase db = databases.postgres();

        assertThat(db.kind()).isEqualTo(DatabaseKind.POSTGRES);
        assertThat(db.name()).matches("pitstop_it_[0-9a-f]{6}_[0-9]+").hasSizeLessThanOrEqualTo(40);
        assertThat(db.queryForObject("SELECT current_database()", String.class)).isEqualTo(db.name());
        assertThat(db.server()).contains("PostgreSQL");
        db.execute("CREATE TABLE t (id bigint PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        assertThat(db.queryForObject("SELECT count(*) FROM t", Long.class)).isEqualTo(2L);
        assertThat(db.queryForObject("SELECT count(*) FROM t", int.class)).isEqualTo(2);
        assertThat(db.queryForList("SELECT id, v FROM t ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "v", "a"), Map.of("id", 2L, "v", "b"));
    }

    @Test
    void mysqlDatabaseWorks() {
        TestDatabase db = databases.mysql();

        assertThat(db.kind()).isEqualTo(DatabaseKind.MYSQL);
        assertThat(db.queryForObject("SELECT DATABASE()", String.class)).isEqualTo(db.name());
        assertThat(db.queryForObject("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + db.name() + "'", String.class)).isEqualTo("utf8mb4");
        assertThat(db.server()).containsAnyOf("MySQL", "MariaDB");
        db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM t", Long.class)).isEqualTo(1L);
        if (db.server().startsWith("local ")) {
            assertThat(db.jdbcUrl()).contains("allowPublicKeyRetrieval=true").contains("useSSL=false");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyInjectionPointSeesTheSameDatabases(DatabaseKind kind, TestDatabases fromMethod) throws SQLException {
        assertThat(fromMethod).isSameAs(databases).isSameAs(classDatabases);
        assertThat(fromMethod.get(kind)).isSameAs(kind == DatabaseKind.POSTGRES ? databases.postgres() : databases.mysql());
        try (Connection connection = fromMethod.get(kind).dataSource().getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(fromMethod.get(kind).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void freshGivesAnotherEmptyDatabase(DatabaseKind kind) {
        TestDatabase primary = databases.get(kind);
        primary.execute("CREATE TABLE only_in_primary (id INT)");

        TestDatabase fresh = databases.fresh(kind);

        assertThat(fresh.name()).isNotEqualTo(primary.name());
        assertThat(fresh.jdbcUrl()).isNotEqualTo(primary.jdbcUrl()).contains(fresh.name());
        assertThat(fresh.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'only_in_primary'"
                + (kind == DatabaseKind.MYSQL ? " AND table_schema = DATABASE()" : ""), Long.class)).isZero();
        assertThat(databases.get(kind)).isSameAs(primary);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void urlContainsNoPassword(DatabaseKind kind) {
        TestDatabase db = databases.get(kind);

        assertThat(db.jdbcUrl().toLowerCase()).doesNotContain("password").doesNotContain("user=");
        if (!db.password().isEmpty()) {
            assertThat(db.jdbcUrl()).doesNotContain(db.password());
        }
        assertThat(db.user()).isNotEmpty();
        assertThat(db.toString()).doesNotContain("password");
    }

    @Test
    void badSqlNamesTheStatement() {
        assertThatThrownBy(() -> databases.postgres().execute("SELECT 1", "SELEC broken"))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("SELEC broken")
                .hasMessageContaining(databases.postgres().name());
    }

    /** The env tier against the same PostgreSQL server: credentials in the URL end up outside jdbcUrl(). */
    @Test
    void envUrlWithPasswordGivesUrlsWithoutIt() throws SQLException {
        TestDatabase classDb = databases.postgres();
        boolean trustAuth = classDb.server().startsWith("local ");
        String password = trustAuth ? "s3cret-ignored-by-trust-auth" : classDb.password();
        Assumptions.assumeFalse(password.isEmpty(), "needs a password to look for");
        String url = classDb.jdbcUrl() + (classDb.jdbcUrl().contains("?") ? "&" : "?")
                + "user=" + classDb.user() + "&password=" + password;
        List<String> reasons = new java.util.ArrayList<>();
        Server server = new EnvServerSource(Settings.of(Map.of("PITSTOP_TEST_POSTGRES_URL", url)))
                .locate(DatabaseKind.POSTGRES, reasons::add).orElseThrow();
        TestDatabases viaEnv = new TestDatabases(kind -> server, false, "envUrlWithPasswordGivesUrlsWithoutIt");

        TestDatabase db = viaEnv.postgres();
        try {
            assertThat(server.description()).startsWith("PITSTOP_TEST_POSTGRES_URL PostgreSQL");
            assertThat(db.jdbcUrl()).doesNotContain(password).doesNotContainIgnoringCase("password");
            assertThat(db.password()).isEqualTo(password);
            assertThat(db.queryForObject("SELECT current_database()", String.class)).isEqualTo(db.name());
        } finally {
            viaEnv.dropAll();
        }
        assertDropped(db);
    }

    @Nested
    class NestedClass {
        @Test
        void sharesTheEnclosingClassDatabases(TestDatabases nested) {
            assertThat(nested).isSameAs(databases).isSameAs(classDatabases);
        }
    }

    static void assertDropped(TestDatabase db) {
        assertThatThrownBy(db::connect)
                .as("connecting to %s after the class ended", db.name())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    if (db.kind() == DatabaseKind.POSTGRES) {
                        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("3D000"); // invalid_catalog_name
                    } else {
                        assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1049); // ER_BAD_DB_ERROR
                    }
                });
    }

    /** After the fixture's afterAll: every database the class created no longer exists. */
    static final class DroppedAfterClass implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            if (testClass == NestedClass.class || classDatabases == null) {
                return; // the nested class shares the databases; nothing ran if the class was skipped
            }
            if (Settings.system().isTrue(Settings.KEEP_DATABASES)) {
                return;
            }
            List<TestDatabase> created = classDatabases.created();
            assertThat(created).extracting(TestDatabase::kind).contains(DatabaseKind.POSTGRES, DatabaseKind.MYSQL);
            created.forEach(DatabasesExtensionIT::assertDropped);
            assertThatThrownBy(() -> classDatabases.fresh(DatabaseKind.POSTGRES)).isInstanceOf(IllegalStateException.class);
        }
    }
}
