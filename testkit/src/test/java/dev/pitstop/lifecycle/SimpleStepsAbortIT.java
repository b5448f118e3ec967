package dev.pitstop.lifecycle;

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
import java.util.List;
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

    private static TwoVersions.Version oldCustomers() {
        return new TwoVersions.Version(n -> List.of("INSERT INTO customers (id, email) VALUES (" + n + ", 'c" + n + "@old')",
                "UPDATE customers SET email = 'u" + n + "@old' WHERE id = " + n), "SELECT id, email FROM customers WHERE id < 100");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfAddColumnDropsTheColumnAndKeepsEveryRow(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute(CUSTOMERS, UNUSED_INDEX);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__phone.sql", "ALTER TABLE customers ADD COLUMN phone VARCHAR(30);\n" + dropUnusedIndex(kind));
        TwoVersions.Version next = new TwoVersions.Version(n -> List.of("INSERT INTO customers (id, email, phone) VALUES ("
                + n + ", 'c" + n + "@new', '+1')", "UPDATE customers SET phone = '+2' WHERE id = " + n),
                "SELECT id, phone FROM customers WHERE phone IS NOT NULL");

        new TwoVersions(db, files.pitstop(db), oldCustomers(), next).run(MigrationState.EXPANDED, (oldRows, newRows) -> {
            assertThat(Schema.columns(db, "customers")).doesNotContain("phone");
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers WHERE email LIKE 'u%@old'")).isEqualTo(oldRows);
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers WHERE email LIKE '%@new'")).isEqualTo(newRows);
        });
        assertThat(Schema.columns(db, "customers")).contains("phone");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfCreateIndexDropsItOnline(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute(CUSTOMERS, UNUSED_INDEX);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__email_index.sql", "CREATE UNIQUE INDEX customers_email_idx ON customers (email);\n"
                + dropUnusedIndex(kind));

        new TwoVersions(db, files.pitstop(db), oldCustomers(), oldCustomers()).run(MigrationState.EXPANDED,
                (oldRows, newRows) -> {
                    assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isFalse();
                    assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isEqualTo(oldRows + newRows);
                });
        assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void abortOfCreateTableKeepsTheNewVersionsRowsAsideAndDropsAnEmptyTable(DatabaseKind kind, TestDatabases dbs,
                                                                           @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute(CUSTOMERS, UNUSED_INDEX);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__events.sql", "CREATE TABLE events (id INT PRIMARY KEY, customer_id INT NOT NULL, kind VARCHAR(20));\n"
                + dropUnusedIndex(kind));
        Pitstop pitstop = files.pitstop(db);

        pitstop.migrate();
        pitstop.abort();
        assertThat(Schema.tableExists(db, "events")).isFalse();
        assertThat(Schema.tableExists(db, "events__pitstop_aborted")).as("an empty table is dropped").isFalse();

        TwoVersions.Version next = new TwoVersions.Version(n -> List.of("INSERT INTO customers (id, email) VALUES (" + n
                + ", 'c" + n + "@new')", "INSERT INTO events (id, customer_id, kind) VALUES (" + n + ", " + n + ", 'signup')"),
                "SELECT COUNT(*) FROM events");
        new TwoVersions(db, pitstop, oldCustomers(), next).run(MigrationState.EXPANDED, (oldRows, newRows) -> {
            assertThat(Schema.tableExists(db, "events")).isFalse();
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM events__pitstop_aborted")).as("kept rows").isEqualTo(newRows);
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isEqualTo(oldRows + newRows);
        });
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM events")).isOne();

        // a second abort would need the name the first one kept rows under
        files.write("V2__more.sql", "CREATE TABLE audit (id INT PRIMARY KEY);\n" + "DROP INDEX "
                + (kind == DatabaseKind.POSTGRES ? "customers_email_idx_unused" : "customers_email_idx_unused ON customers")
                + ";\n");
        db.execute("CREATE INDEX customers_email_idx_unused ON customers (email)");
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
