package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ALTER COLUMN ... SET DEFAULT / DROP DEFAULT: metadata only (MySQL/MariaDB {@code ALGORITHM=INSTANT}) under
 * the short lock wait; abort puts back the default the column had before the migration.
 */
@WithDatabases
class ColumnDefaultIT {

    private static TestDatabase orders(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL DEFAULT 1, note VARCHAR(50) DEFAULT 'old', "
                + "tag VARCHAR(20))", "INSERT INTO orders (id, qty) VALUES (1, 1), (2, 2)");
        return db;
    }

    /** What an INSERT that leaves the column out gets, read from a row written and removed again. */
    private static String defaultOf(TestDatabase db, String column) {
        db.execute("INSERT INTO orders (id) VALUES (-1)");
        try {
            return db.queryForObject("SELECT " + column + " FROM orders WHERE id = -1", String.class);
        } finally {
            db.execute("DELETE FROM orders WHERE id = -1");
        }
    }

    /** The previous version writes qty and leaves note and tag out; the new one leaves everything but the key out. */
    private static ConstraintVersions.App oldVersion() {
        return new ConstraintVersions.App() {
            public void write(Statement st, long id) throws SQLException {
                st.execute("INSERT INTO orders (id, qty) VALUES (" + id + ", 5)");
            }

            public void read(Statement st) throws SQLException {
                st.executeQuery("SELECT id, qty, note FROM orders WHERE id < 100").close();
            }
        };
    }

    private static ConstraintVersions.App newVersion() {
        return new ConstraintVersions.App() {
            public void write(Statement st, long id) throws SQLException {
                st.execute("INSERT INTO orders (id) VALUES (" + id + ")");
                st.execute("UPDATE orders SET tag = 'seen' WHERE id = " + id);
            }

            public void read(Statement st) throws SQLException {
                st.executeQuery("SELECT count(*) FROM orders WHERE note IS NULL").close();
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void setDefaultKeepsBothVersionsWritingAndAbortPutsTheOldDefaultBack(DatabaseKind kind, TestDatabases dbs,
                                                                         @TempDir Path dir) throws Exception {
        TestDatabase db = orders(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__note_default.sql", "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'it''s new';\n");
        Pitstop pitstop = files.pitstop(db);

        new ConstraintVersions(db, pitstop, "orders", oldVersion(), newVersion())
                .afterMigrate(() -> assertThat(defaultOf(db, "note")).isEqualTo("it's new"))
                .afterAbort(() -> assertThat(defaultOf(db, "note")).isEqualTo("old"))
                .afterContract(() -> assertThat(defaultOf(db, "note")).isEqualTo("it's new"))
                .run();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE note = 'it''s new'")).as("rows that got the new default")
                .isPositive();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dropDefaultOfANullableColumnIsUndoneByAbort(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = orders(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__note_no_default.sql", "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;\n");
        Pitstop pitstop = files.pitstop(db);

        new ConstraintVersions(db, pitstop, "orders", oldVersion(), newVersion())
                .afterMigrate(() -> assertThat(defaultOf(db, "note")).isNull())
                .afterAbort(() -> assertThat(defaultOf(db, "note")).isEqualTo("old"))
                .afterContract(() -> assertThat(defaultOf(db, "note")).isNull())
                .run();
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
