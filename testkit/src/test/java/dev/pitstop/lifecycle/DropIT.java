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
 * DROP COLUMN and DROP TABLE wait for contract: until then the previous version reads and writes what
 * is dropped and the new one leaves it out; abort has nothing to undo.
 */
@WithDatabases
class DropIT {
    private static final String SCHEMA = "CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(50), note VARCHAR(50), "
            + "qty INT NOT NULL);\nCREATE TABLE legacy (id INT PRIMARY KEY);\n";

    /** The previous version: writes note and a legacy row with every order, and reads both. */
    static final LifecycleHarness.App OLD = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id, item, note, qty) VALUES (?, ?, 'old version', 1)", id, value);
            exec(c, "INSERT INTO legacy VALUES (?)", id);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET item = ?, note = 'old version' WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            return rows(c, "SELECT o.id, o.item, o.note, l.id FROM orders o LEFT JOIN legacy l ON l.id = o.id");
        }
    };

    /** The new version: leaves note and legacy out. */
    static final LifecycleHarness.App NEW = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id, item, qty) VALUES (?, ?, 2)", id, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET item = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            return rows(c, "SELECT id, item FROM orders");
        }
    };

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dropsWaitForContractWhileBothVersionsWork(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        LifecycleHarness.Check bothStay = () -> {
            assertThat(Schema.columns(db, "orders")).contains("note");
            assertThat(Schema.tableExists(db, "legacy")).isTrue();
            assertThat(db.queryForObject("SELECT note FROM orders WHERE id = 1", String.class)).isEqualTo("old version");
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders o JOIN legacy l ON l.id = o.id"))
                    .as("orders of the previous version, with their legacy row").isPositive()
                    .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM legacy"))
                    .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE note = 'old version' AND qty = 1"));
        };
        new LifecycleHarness(db, files, OLD, NEW)
                .afterExpand(bothStay)
                .afterAbort(bothStay)
                .run(SCHEMA, "ALTER TABLE orders DROP COLUMN note;\nDROP TABLE legacy;\n", 50, MigrationState.EXPANDED, () -> {
                    assertThat(Schema.columns(db, "orders")).doesNotContain("note");
                    assertThat(Schema.tableExists(db, "legacy")).isFalse();
                });

        Pitstop pitstop = files.pitstop(db);
        files.write("V3__drop_qty.sql", "ALTER TABLE orders DROP COLUMN qty;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("qty", "NOT NULL without a default", "Give them a default");
        });
        assertThat(Schema.columns(db, "orders")).contains("qty");
    }
}
