package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session idle in transaction holds a lock on the table when the cut-over comes: the cut-over retries
 * within its budget, gives up naming the blocker's pid and transaction age, and the application's
 * writes never wait much longer than one attempt's lock timeout. Once the blocker is gone, migrate
 * finishes the cut-over and nothing was lost.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class CutOverIT {
    private static final Logger LOG = LoggerFactory.getLogger(CutOverIT.class);
    private static final int ROWS = 200_000;
    private static final Duration LOCK_WAIT = Duration.ofMillis(500);

    @Test
    void anIdleTransactionMakesTheCutOverGiveUpNamingItThenAResumedRunFinishes(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.configure(db).cutOverLockTimeout(LOCK_WAIT).cutOverBudget(Duration.ofSeconds(4)).load();

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start();
             Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    pitstop.migrate();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            awaitSyncTrigger(db);
            blocker.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), count(*) FROM orders WHERE id = 1")) {
                rs.next();
                int pid = rs.getInt(1);
                Throwable failure = run.get(120, TimeUnit.SECONDS);
                assertThat(failure).isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("cut-over of orders gave up", "pid " + pid,
                            "idle in transaction", "transaction open for", "run migrate again");
                });
            }
            blocker.rollback();
            assertThat(pitstop.status().migrations().get(0).state()).isEqualTo(MigrationState.FAILED);
            assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("integer");

            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(500);
            report = workload.stop();
        }
        LOG.info("workload across a blocked and a resumed cut-over: {}", report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(LOCK_WAIT.toMillis() + 500);
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(Schema.count(db, "SELECT count(*) FROM ((SELECT id, qty::bigint, note, total_cents FROM orders "
                + "EXCEPT ALL SELECT id, qty, note, total_cents FROM orders_twin) UNION ALL (SELECT id, qty, note, "
                + "total_cents FROM orders_twin EXCEPT ALL SELECT id, qty::bigint, note, total_cents FROM orders)) AS d"))
                .isZero();
    }

    private static void awaitSyncTrigger(TestDatabase db) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Schema.count(db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'pitstop_sync'") > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the sync trigger never appeared");
    }
}
