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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD CONSTRAINT ... CHECK: PostgreSQL adds it NOT VALID and validates it in backfill without blocking
 * writers. MySQL/MariaDB add one only by copying the table, so there it runs as an online table rebuild
 * (see RebuildLifecycleIT).
 */
@WithDatabases
class CheckConstraintIT {
    private static final String TABLE = "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(50))";
    private static final String ADD_CHECK = "ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0);\n";

    private static TestDatabase orders(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE,
                "INSERT INTO orders (id, qty) VALUES (1, 1), (2, 2), (3, 3)");
        return db;
    }

    private static int checks(TestDatabase db, boolean validated) {
        return Schema.count(db, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname = "
                + "'orders_qty_positive' AND contype = 'c'" + (validated ? " AND convalidated" : ""));
    }

    /**
     * A version that inserts orders with {@code qty}, sets the note (the value the harness tracks) plus
     * {@code extraSet} on update, and runs {@code extraRead} before it reads the notes.
     */
    private static LifecycleHarness.App version(int qty, String extraSet, String extraRead) {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO orders (id, qty, note) VALUES (?, " + qty + ", ?)", id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE orders SET note = ?" + extraSet + " WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                rows(c, extraRead);
                return rows(c, "SELECT id, note FROM orders WHERE id > 0");
            }
        };
    }

    @Test
    void aCheckIsAddedAndValidatedWhileBothVersionsWriteAndAbortDropsIt(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        new LifecycleHarness(db, new MigrationFiles(dir), version(4, "", "SELECT id, qty FROM orders"),
                version(5, ", qty = qty + 1", "SELECT 0, min(qty) FROM orders"))
                .afterExpand(() -> {
                    assertThat(checks(db, true)).isOne();
                    assertThatThrownBy(() -> db.execute("INSERT INTO orders (id, qty) VALUES (-99, 0)"))
                            .hasMessageContaining("orders_qty_positive");
                })
                .afterAbort(() -> assertThat(checks(db, false)).isZero())
                .run(TABLE + ";\nINSERT INTO orders (id, qty) VALUES (-1, 1), (-2, 2), (-3, 3);\n", ADD_CHECK, 50,
                        MigrationState.EXPANDED, () -> assertThat(checks(db, true)).isOne());
    }

    @Test
    void aRowThatBreaksTheCheckFailsNamingItAndMigrateResumesOnceItIsFixed(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = orders(dbs, DatabaseKind.POSTGRES);
        db.execute("INSERT INTO orders (id, qty) VALUES (4, -4)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__qty_positive.sql", ADD_CHECK);
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("rows of orders break the check orders_qty_positive", "run migrate again",
                    "resumes at step 1");
        });
        assertThat(checks(db, false)).as("kept NOT VALID: new writes are checked").isOne();
        assertThat(checks(db, true)).isZero();

        db.execute("UPDATE orders SET qty = 4 WHERE id = 4");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(checks(db, true)).isOne();
    }
}
