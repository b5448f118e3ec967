package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DROP INDEX waits for contract, which drops it online (PostgreSQL CONCURRENTLY, MySQL INPLACE/LOCK=NONE):
 * until then the previous version's queries keep their index, and abort has nothing to undo.
 */
@WithDatabases
class DropIndexIT {

    /** Both versions write the note; the old one also finds rows by it, through the index. */
    static LifecycleHarness.App orders(boolean old) {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO orders (id, note, qty) VALUES (?, ?, 1)", id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE orders SET note = ?, qty = qty + 1 WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                if (old) {
                    rows(c, "SELECT id, note FROM orders WHERE note = 'old-1'");
                }
                return rows(c, "SELECT id, note FROM orders");
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theIndexStaysUntilContract(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), orders(true), orders(false))
                .afterExpand(() -> assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isTrue())
                .afterAbort(() -> assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isTrue())
                .run("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT NOT NULL);\n"
                                + "CREATE INDEX orders_note_idx ON orders (note);\n",
                        kind == DatabaseKind.POSTGRES ? "DROP INDEX orders_note_idx;\n" : "DROP INDEX orders_note_idx ON orders;\n",
                        50, MigrationState.EXPANDED,
                        () -> assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).as("dropped at contract").isFalse());
    }

    @Test
    void mySqlAlterTableDropIndexRunsAtContractToo(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT NOT NULL)",
                "CREATE INDEX orders_note_idx ON orders (note)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__drop_note_index.sql", "ALTER TABLE orders DROP INDEX orders_note_idx;\n");
        Pitstop pitstop = files.pitstop(db);

        pitstop.migrate();
        assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isTrue();
        pitstop.contract();
        assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isFalse();
    }
}
