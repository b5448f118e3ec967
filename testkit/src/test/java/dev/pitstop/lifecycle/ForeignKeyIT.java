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
 * ADD CONSTRAINT ... FOREIGN KEY without reading the table under a lock: PostgreSQL adds it NOT VALID and
 * validates it in backfill; MariaDB adds it in place with foreign_key_checks off for that one statement and
 * looks for orphans itself, before and after. A row without a parent fails with the constraint and the way out.
 */
@WithDatabases
class ForeignKeyIT {
    private static final String ADD_FK = "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
            + "REFERENCES customers (id);\n";
    private static final String CUSTOMERS = "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(50))";
    private static final String ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT, note VARCHAR(50))";
    private static final String PARENTS = "INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')";

    private static TestDatabase shop(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(CUSTOMERS, ORDERS, PARENTS,
                "INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2), (3, NULL)");
        return db;
    }

    private static int foreignKeys(TestDatabase db) {
        return Schema.count(db, "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = "
                + Schema.current(db) + " AND table_name = 'orders' AND constraint_name = 'orders_customer_fk' "
                + "AND constraint_type = 'FOREIGN KEY'");
    }

    private static boolean validated(TestDatabase db) {
        return db.kind() == DatabaseKind.MYSQL || Schema.count(db, "SELECT COUNT(*) FROM pg_constraint WHERE conname = "
                + "'orders_customer_fk' AND convalidated") == 1;
    }

    /** The previous version spreads its orders over the three customers and sets the note on update. */
    private static final LifecycleHarness.App OLD = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id, customer_id, note) VALUES (?, ?, ?)", id, 1 + id % 3, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET note = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            rows(c, "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id > 0");
            return rows(c, "SELECT id, note FROM orders WHERE id > 0");
        }
    };

    /** The new version inserts orders of customer 2 and moves every order it updates to customer 3. */
    private static final LifecycleHarness.App NEW = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO orders (id, customer_id, note) VALUES (?, 2, ?)", id, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE orders SET customer_id = 3, note = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            rows(c, "SELECT 0, count(*) FROM orders WHERE customer_id = 3");
            return rows(c, "SELECT id, note FROM orders WHERE id > 0");
        }
    };

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aForeignKeyIsAddedAndValidatedWhileBothVersionsWriteAndAbortDropsIt(DatabaseKind kind, TestDatabases dbs,
                                                                            @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, NEW)
                .afterExpand(() -> {
                    assertThat(foreignKeys(db)).isOne();
                    assertThat(validated(db)).isTrue();
                    assertThatThrownBy(() -> db.execute("INSERT INTO orders (id, customer_id) VALUES (-99, 99)"))
                            .as("the new constraint holds").hasMessageContaining("orders_customer_fk");
                })
                .afterAbort(() -> {
                    assertThat(foreignKeys(db)).isZero();
                    assertThat(Schema.indexExists(db, "orders", "orders_customer_fk"))
                            .as("the index MariaDB created for the key").isFalse();
                })
                .run(CUSTOMERS + ";\n" + ORDERS + ";\n" + PARENTS + ";\n"
                                + "INSERT INTO orders (id, customer_id) VALUES (-1, 1), (-2, 2), (-3, NULL);\n",
                        ADD_FK, 50, MigrationState.EXPANDED, () -> assertThat(foreignKeys(db)).isOne());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRowWithoutAParentFailsNamingTheConstraintAndMigrateResumesOnceItIsFixed(DatabaseKind kind, TestDatabases dbs,
                                                                                 @TempDir Path dir) {
        TestDatabase db = shop(dbs, kind);
        db.execute("INSERT INTO orders (id, customer_id) VALUES (4, 42)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__orders_customer_fk.sql", ADD_FK);
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("rows of orders reference no row of customers", "orders_customer_fk",
                    "Fix or delete them and run migrate again", "resumes at step 1");
            if (kind == DatabaseKind.MYSQL) {
                assertThat(e.getMessage()).contains("Rows found (first 1): [42]");
            }
        });
        // PostgreSQL keeps it NOT VALID (new writes are checked); MariaDB looked first and added nothing
        assertThat(foreignKeys(db)).isEqualTo(kind == DatabaseKind.POSTGRES ? 1 : 0);
        assertThat(validated(db)).isEqualTo(kind == DatabaseKind.MYSQL);

        db.execute("UPDATE orders SET customer_id = 3 WHERE id = 4");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(foreignKeys(db)).isOne();
        assertThat(validated(db)).isTrue();
        pitstop.abort();
        assertThat(foreignKeys(db)).isZero();
    }
}
