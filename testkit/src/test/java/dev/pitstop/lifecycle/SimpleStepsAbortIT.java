package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Abort of ADD COLUMN (drops the column; what the new version wrote there goes, by design), CREATE INDEX
 * (drops it online) and CREATE TABLE (dropped when empty, else kept aside as {@code <table>__pitstop_aborted}).
 * A migration whose steps all finish at migrate is completed at once and has nothing left to abort, so each
 * step under test shares its migration with a DROP INDEX of an index nobody uses, which waits for contract, as
 * in a real release.
 */
@WithDatabases
class SimpleStepsAbortIT {
    private static final String CUSTOMERS = "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, "
            + "tier INT)";
    private static final String UNUSED_INDEX = "CREATE INDEX customers_tier_idx ON customers (tier)";

    private static String dropUnusedIndex(DatabaseKind kind) {
        return kind == DatabaseKind.POSTGRES ? "DROP INDEX customers_tier_idx;\n" : "DROP INDEX customers_tier_idx ON customers;\n";
    }

    /** The old version: writes and reads the email, leaves phone, and anything else the migration adds, out. */
    private static final LifecycleHarness.App OLD = customers("INSERT INTO customers (id, email) VALUES (?, ?)", "");

    /** A version that writes customers with {@code insert}, and sets the email plus {@code extraSet} on update. */
    private static LifecycleHarness.App customers(String insert, String extraSet) {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, insert, id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE customers SET email = ?" + extraSet + " WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                return rows(c, "SELECT id, email FROM customers");
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfAddColumnDropsTheColumnAndKeepsEveryRow(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        LifecycleHarness.App next = customers("INSERT INTO customers (id, email, phone) VALUES (?, ?, '+1')", ", phone = '+2'");
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, next)
                .afterExpand(() -> assertThat(Schema.columns(db, "customers")).contains("phone"))
                .afterAbort(() -> assertThat(Schema.columns(db, "customers")).doesNotContain("phone"))
                .run(CUSTOMERS + ";\n" + UNUSED_INDEX + ";\n",
                        "ALTER TABLE customers ADD COLUMN phone VARCHAR(30);\n" + dropUnusedIndex(kind), 50,
                        MigrationState.EXPANDED, () -> {
                            assertThat(Schema.columns(db, "customers")).contains("phone");
                            assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers WHERE phone IS NOT NULL"))
                                    .as("rows the new version wrote a phone to").isPositive();
                        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfCreateIndexDropsItOnline(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, customers("INSERT INTO customers (id, email) VALUES (?, ?)", ""))
                .afterExpand(() -> assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isTrue())
                .afterAbort(() -> assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isFalse())
                .run(CUSTOMERS + ";\n" + UNUSED_INDEX + ";\n",
                        "CREATE UNIQUE INDEX customers_email_idx ON customers (email);\n" + dropUnusedIndex(kind), 50,
                        MigrationState.EXPANDED,
                        () -> assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isTrue());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfCreateTableKeepsTheNewVersionsRowsAsideAndDropsAnEmptyTable(DatabaseKind kind, TestDatabases dbs,
                                                                           @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        // the new version records an event (same id) with every customer it inserts
        AtomicInteger events = new AtomicInteger();
        LifecycleHarness.App next = new LifecycleHarness.App() {
            private final LifecycleHarness.App customers = customers("INSERT INTO customers (id, email) VALUES (?, ?)", "");

            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                customers.insert(c, id, value);
                exec(c, "INSERT INTO events (id, customer_id, kind) VALUES (?, ?, 'signup')", id, id);
                events.incrementAndGet();
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                customers.update(c, id, value);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                rows(c, "SELECT id, kind FROM events");
                return customers.read(c);
            }
        };
        AtomicInteger keptEvents = new AtomicInteger();
        new LifecycleHarness(db, files, OLD, next)
                .afterAbort(() -> {
                    assertThat(Schema.tableExists(db, "events")).isFalse();
                    assertThat(Schema.count(db, "SELECT COUNT(*) FROM events__pitstop_aborted")).as("kept rows")
                            .isEqualTo(events.get()).isPositive();
                    keptEvents.set(events.get());
                })
                .run(CUSTOMERS + ";\n" + UNUSED_INDEX + ";\n",
                        "CREATE TABLE events (id INT PRIMARY KEY, customer_id INT NOT NULL, kind VARCHAR(20));\n"
                                + dropUnusedIndex(kind), 50, MigrationState.EXPANDED,
                        () -> assertThat(Schema.count(db, "SELECT COUNT(*) FROM events")).as("events written after abort")
                                .isEqualTo(events.get() - keptEvents.get()).isPositive());

        // an empty table is dropped; a second abort would need the name the first one kept rows under
        Pitstop pitstop = files.pitstop(db);
        files.write("V3__more.sql", "CREATE TABLE audit (id INT PRIMARY KEY);\n" + "DROP INDEX "
                + (kind == DatabaseKind.POSTGRES ? "customers_email_idx_unused" : "customers_email_idx_unused ON customers")
                + ";\n");
        db.execute("CREATE INDEX customers_email_idx_unused ON customers (email)");
        pitstop.migrate();
        pitstop.abort();
        assertThat(Schema.tableExists(db, "audit")).isFalse();
        assertThat(Schema.tableExists(db, "audit__pitstop_aborted")).as("an empty table is dropped").isFalse();
        pitstop.migrate();
        db.execute("INSERT INTO audit VALUES (1)", "CREATE TABLE audit__pitstop_aborted (id INT)");
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("audit__pitstop_aborted", "which already exists", "Nothing was undone"));
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM audit")).isOne();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailedMigrationIsUndoneStepByStep(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(CUSTOMERS);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__three_and_a_failure.sql", "ALTER TABLE customers ADD COLUMN phone VARCHAR(30);\n"
                + "CREATE INDEX customers_email_idx ON customers (email);\n"
                + "CREATE TABLE events (id INT PRIMARY KEY);\n"
                + "ALTER TABLE missing ADD COLUMN note VARCHAR(10);\n");
        Pitstop pitstop = files.pitstop(db);
        assertThatThrownBy(pitstop::migrate).isInstanceOf(PitstopException.class);
        db.execute("INSERT INTO customers (id, email, phone) VALUES (1, 'a@b', '+1')");

        assertThat(pitstop.abort().aborted()).hasSize(1);
        assertThat(Schema.columns(db, "customers")).containsExactlyInAnyOrder("id", "email", "tier");
        assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isFalse();
        assertThat(Schema.tableExists(db, "events")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isOne();
        assertThat(pitstop.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
    }
}
