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
 * SET NOT NULL and DROP NOT NULL. PostgreSQL has the clauses: SET NOT NULL goes through a helper
 * {@code CHECK (c IS NOT NULL) NOT VALID}, validated without blocking writers; DROP NOT NULL is metadata
 * only, and its abort makes the column NOT NULL again the same way. MySQL/MariaDB write them as
 * {@code MODIFY}, an online table rebuild, which must fail loudly on a NULL.
 */
@WithDatabases
class NotNullIT {
    /** V1 of the lifecycle tests: orders with {@code qty} as given, and three rows outside the harness's ids. */
    private static final String ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY, %s, note VARCHAR(50));\n"
            + "INSERT INTO orders (id, qty, note) VALUES (-1, 10, 'a'), (-2, 20, 'b'), (-3, 30, 'c');\n";

    private static TestDatabase orders(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT, note VARCHAR(50))",
                "INSERT INTO orders (id, qty, note) VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
        return db;
    }

    private static boolean notNull(TestDatabase db, String column) {
        return Schema.count(db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = " + Schema.current(db)
                + " AND table_name = 'orders' AND column_name = '" + column + "' AND is_nullable = 'NO'") == 1;
    }

    private static int helpers(TestDatabase db) {
        return Schema.count(db, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass "
                + "AND conname LIKE '%pitstop%'");
    }

    /**
     * A version that inserts an order with {@code qty}, sets the note (the value the harness tracks) plus
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
    void setNotNullKeepsBothVersionsWritingAndAbortMakesTheColumnNullableAgain(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        new LifecycleHarness(db, new MigrationFiles(dir), version(1, ", qty = qty + 1", "SELECT id, qty FROM orders"),
                version(2, "", "SELECT 0, sum(qty) FROM orders"))
                .afterExpand(() -> {
                    assertThat(notNull(db, "qty")).isTrue();
                    assertThat(helpers(db)).as("helper checks left").isZero();
                    assertThatThrownBy(() -> db.execute("INSERT INTO orders (id, qty) VALUES (-99, NULL)"))
                            .hasMessageContaining("null value");
                })
                .afterAbort(() -> {
                    assertThat(notNull(db, "qty")).isFalse();
                    assertThat(helpers(db)).isZero();
                })
                .run(ORDERS.formatted("qty INT"), "-- pitstop:allow set-not-null-without-fill the test's old writers fill qty; this exercises the validation\n"
                        + "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;\n", 50,
                        MigrationState.EXPANDED, () -> assertThat(notNull(db, "qty")).isTrue());
    }

    @Test
    void aNullMakesTheValidationFailNamingTheColumnAndMigrateResumesOnceItIsFilled(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = orders(dbs, DatabaseKind.POSTGRES);
        db.execute("INSERT INTO orders (id, qty) VALUES (4, NULL)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__qty_not_null.sql", "-- pitstop:allow set-not-null-without-fill the test's old writers fill qty; this exercises the validation\n"
                + "-- pitstop:allow not-null-on-nulls the NULL is there on purpose: this exercises the validation\n"
                + "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("qty of orders holds NULL", "UPDATE orders SET qty = ... WHERE qty IS NULL",
                    "run migrate again", "resumes at step 1");
        });
        assertThat(notNull(db, "qty")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass "
                + "AND conname = 'orders_qty__pitstop_nn' AND NOT convalidated")).as("the helper, not valid yet").isOne();
        assertThatThrownBy(() -> db.execute("INSERT INTO orders (id, qty) VALUES (5, NULL)"))
                .as("the helper refuses new NULLs").hasMessageContaining("orders_qty__pitstop_nn");

        db.execute("UPDATE orders SET qty = 0 WHERE qty IS NULL");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(notNull(db, "qty")).isTrue();
        assertThat(helpers(db)).isZero();

        pitstop.abort();
        assertThat(notNull(db, "qty")).as("nullable again after abort").isFalse();
    }

    @Test
    void dropNotNullIsUndoneByAbortUnlessTheNewVersionWroteNullsWhichMustBeFilledFirst(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        MigrationFiles files = new MigrationFiles(dir);
        // the new version may leave qty out; in the lifecycle it writes it, so abort can go back
        new LifecycleHarness(db, files, version(1, "", "SELECT 0, sum(qty) FROM orders"),
                version(3, "", "SELECT 0, count(*) FROM orders WHERE qty IS NULL"))
                .afterExpand(() -> assertThat(notNull(db, "qty")).isFalse())
                .afterAbort(() -> {
                    assertThat(notNull(db, "qty")).isTrue();
                    assertThat(helpers(db)).isZero();
                })
                .run(ORDERS.formatted("qty INT NOT NULL"), "ALTER TABLE orders ALTER COLUMN qty DROP NOT NULL;\n", 50,
                        MigrationState.EXPANDED, () -> assertThat(notNull(db, "qty")).isFalse());
        Pitstop pitstop = files.pitstop(db);

        // the decision: abort after the new version wrote NULLs stops, names them, and changes nothing until filled
        db.execute("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL");
        files.write("V3__qty_nullable_again.sql", "ALTER TABLE orders ALTER COLUMN qty DROP NOT NULL;\n");
        pitstop.migrate();
        db.execute("INSERT INTO orders (id, qty) VALUES (-7, NULL)");
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("qty of orders holds NULLs written since the migration",
                    "UPDATE orders SET qty", "run abort again", "Rows found (first 1): [-7, null");
        });
        assertThat(notNull(db, "qty")).isFalse();
        assertThat(helpers(db)).as("the refused abort added no helper check").isZero();
        db.execute("INSERT INTO orders (id, qty) VALUES (-8, NULL)");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE id IN (-7, -8)")).isEqualTo(2);

        db.execute("UPDATE orders SET qty = 0 WHERE qty IS NULL");
        assertThat(pitstop.abort().aborted()).singleElement()
                .satisfies(m -> assertThat(m.version()).isEqualTo("3"));
        assertThat(notNull(db, "qty")).isTrue();
        assertThat(helpers(db)).isZero();
    }

    @Test
    void mySqlModifyToNotNullOverANullFailsLoudlyNamingTheRowAndChangesNothing(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = orders(dbs, DatabaseKind.MYSQL);
        db.execute("INSERT INTO orders (id, qty) VALUES (4, NULL)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__qty_not_null.sql", "-- pitstop:allow set-not-null-without-fill the test's old writers fill qty; this exercises the validation\n"
                + "-- pitstop:allow not-null-on-nulls the NULL is there on purpose: this exercises the copy's failure\n"
                + "ALTER TABLE orders MODIFY qty INT NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("copying the row of orders with key (4) fails",
                        "Column 'qty' cannot be null", "the original is untouched", "run migrate again"));
        assertThat(notNull(db, "qty")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(4);

        db.execute("UPDATE orders SET qty = 0 WHERE qty IS NULL");
        pitstop.migrate();
        assertThat(notNull(db, "qty")).isTrue();
    }
}
