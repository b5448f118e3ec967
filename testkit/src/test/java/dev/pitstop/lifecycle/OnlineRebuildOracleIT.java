package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-downtime oracle (DESIGN.md §8) for the PostgreSQL online rebuild: a workload of inserts,
 * updates (some changing the primary key) and deletes (a quarter of all transactions) writes every
 * change to the table under migration and, in the same transaction, to an untouched twin, from before
 * expand until after the cut-over. Afterwards the two tables match row for row, the workload saw no
 * error, and its longest transaction stayed under a second.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class OnlineRebuildOracleIT {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineRebuildOracleIT.class);
    private static final int ROWS = 200_000;

    @ParameterizedTest(name = "ALTER COLUMN {0}")
    @CsvSource(delimiter = '|', value = {
            "qty TYPE bigint                                                  | qty | bigint",
            "total_cents TYPE numeric(12,2) USING round(total_cents::numeric, 2) | total_cents | numeric(12,2)"})
    void concurrentWritersLoseNothingSeeNoErrorAndWaitUnderASecond(String change, String column, String type,
                                                                   TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g * 3 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__change.sql", "-- pitstop:allow narrowing-type-change every value fits: the test is about the copy\n"
                + "ALTER TABLE orders ALTER COLUMN " + change + ";\n");

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            assertThat(files.pitstop(db).migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload during the rebuild: {}", report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(report.deletes() + report.keyChanges()).isGreaterThan(report.transactions() / 5);
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(OnlineRebuildIT.type(db, "orders", column)).isEqualTo(type);
        assertThat(Schema.count(db, "SELECT count(*) FROM ("
                + "(SELECT id, qty::bigint, note, total_cents::numeric(14,2) FROM orders EXCEPT ALL "
                + " SELECT id, qty::bigint, note, total_cents::numeric(14,2) FROM orders_twin) UNION ALL "
                + "(SELECT id, qty::bigint, note, total_cents::numeric(14,2) FROM orders_twin EXCEPT ALL "
                + " SELECT id, qty::bigint, note, total_cents::numeric(14,2) FROM orders)) AS diff"))
                .as("rows that differ between the rebuilt table and its twin").isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM orders")).isEqualTo(Schema.count(db, "SELECT count(*) FROM orders_twin"));
    }

    @org.junit.jupiter.api.Test
    void addColumnsWithVolatileDefaultsRebuildOnlineWithoutLosingAWrite(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g * 3 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__stamp.sql", "ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                + "ADD COLUMN ref uuid NOT NULL DEFAULT gen_random_uuid();\n");

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            assertThat(files.pitstop(db).migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload during the rebuild: {}", report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(Schema.count(db, "SELECT count(*) FROM ((SELECT id, qty, note, total_cents FROM orders EXCEPT ALL "
                + "SELECT * FROM orders_twin) UNION ALL (SELECT * FROM orders_twin EXCEPT ALL "
                + "SELECT id, qty, note, total_cents FROM orders)) AS diff")).as("rows that differ from the twin").isZero();
        assertThat(Schema.count(db, "SELECT count(DISTINCT ref) FROM orders"))
                .as("every row has its own uuid").isEqualTo(Schema.count(db, "SELECT count(*) FROM orders"));
        assertThat(Schema.count(db, "SELECT count(DISTINCT created_at) FROM orders"))
                .as("clock_timestamp() is volatile: rows got their own values").isGreaterThan(1);
        db.execute("INSERT INTO orders (id, qty, note, total_cents) VALUES (-1, 1, 'after', 1)");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE id = -1 AND ref IS NOT NULL")).isOne();
    }
}
