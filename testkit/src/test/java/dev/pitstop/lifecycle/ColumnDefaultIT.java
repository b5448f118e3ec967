package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ALTER COLUMN ... SET DEFAULT / DROP DEFAULT: metadata only (MySQL/MariaDB {@code ALGORITHM=INSTANT}) under
 * the short lock wait; abort puts back the default the column had before the migration.
 */
@WithDatabases
class ColumnDefaultIT {

    private static final String TABLE = "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL DEFAULT 1, "
            + "note VARCHAR(50) DEFAULT 'old', tag VARCHAR(20))";
    /** V1 of the lifecycle tests: the table and two rows outside the harness's ids. */
    private static final String SCHEMA = TABLE + ";\nINSERT INTO orders (id, qty) VALUES (-1, 1), (-2, 2);\n";

    private static TestDatabase orders(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE, "INSERT INTO orders (id, qty) VALUES (1, 1), (2, 2)");
        return db;
    }

    /** What an INSERT that leaves the column out gets, read from a row written and removed again. */
    private static String defaultOf(TestDatabase db, String column) {
        db.execute("INSERT INTO orders (id) VALUES (0)");
        try {
            return db.queryForObject("SELECT " + column + " FROM orders WHERE id = 0", String.class);
        } finally {
            db.execute("DELETE FROM orders WHERE id = 0");
        }
    }

    /** The previous version writes qty and the tag (the value the harness tracks), and leaves note out. */
    private static final LifecycleHarness.App OLD = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id, qty, tag) VALUES (?, 5, ?)", id, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET tag = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            rows(c, "SELECT id, note FROM orders");
            return rows(c, "SELECT id, tag FROM orders WHERE id > 0");
        }
    };

    /** The new version inserts the key alone, then sets the tag. */
    private static final LifecycleHarness.App NEW = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id) VALUES (?)", id);
            update(c, id, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET tag = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            rows(c, "SELECT 0, count(*) FROM orders WHERE note IS NULL");
            return rows(c, "SELECT id, tag FROM orders WHERE id > 0");
        }
    };

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void setDefaultKeepsBothVersionsWritingAndAbortPutsTheOldDefaultBack(DatabaseKind kind, TestDatabases dbs,
                                                                         @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, NEW)
                .afterExpand(() -> assertThat(defaultOf(db, "note")).isEqualTo("it's new"))
                .afterAbort(() -> assertThat(defaultOf(db, "note")).isEqualTo("old"))
                .run(SCHEMA, "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'it''s new';\n", 50, MigrationState.EXPANDED,
                        () -> {
                            assertThat(defaultOf(db, "note")).isEqualTo("it's new");
                            assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE note = 'it''s new'"))
                                    .as("rows that got the new default").isPositive();
                        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dropDefaultOfANullableColumnIsUndoneByAbort(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, NEW)
                .afterExpand(() -> assertThat(defaultOf(db, "note")).isNull())
                .afterAbort(() -> assertThat(defaultOf(db, "note")).isEqualTo("old"))
                .run(SCHEMA, "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;\n", 50, MigrationState.EXPANDED,
                        () -> assertThat(defaultOf(db, "note")).isNull());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDefaultOnAColumnThatHadNoneIsDroppedByAbortAndDropDefaultOfANotNullColumnIsRefused(DatabaseKind kind,
                                                                                            TestDatabases dbs,
                                                                                            @TempDir Path dir) {
        TestDatabase db = orders(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__tag_default.sql", "ALTER TABLE orders ALTER COLUMN tag SET DEFAULT 'fresh';\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        assertThat(defaultOf(db, "tag")).isEqualTo("fresh");
        pitstop.abort();
        assertThat(defaultOf(db, "tag")).isNull();
        pitstop.migrate();
        pitstop.contract();

        files.write("V2__qty_no_default.sql", "ALTER TABLE orders ALTER COLUMN qty DROP DEFAULT;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("qty of orders is NOT NULL", "previous version's INSERTs", "Nothing of step 1 ran");
        });
        assertThat(defaultOf(db, "qty")).isEqualTo("1");
    }
}
