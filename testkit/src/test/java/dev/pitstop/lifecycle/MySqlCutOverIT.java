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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session whose open transaction read the table holds its metadata lock when the cut-over's RENAME
 * comes: the cut-over retries within its budget, gives up naming the blocker's thread id and
 * transaction age, and exits 3. MySQL and MariaDB queue the application's writes behind a waiting
 * RENAME, so they wait up to one lock wait (1 s, the least MySQL allows) per attempt, and no longer.
 * Once the blocker commits, migrate finishes the cut-over and nothing was lost.
 */
@WithDatabases(DatabaseKind.MYSQL)
class MySqlCutOverIT {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlCutOverIT.class);
    private static final int ROWS = 100_000;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(1);
    private static final Duration BUDGET = Duration.ofSeconds(4);
    /** A queued write waits out one RENAME attempt, then commits: JDBC, the twin write and a busy machine. */
    private static final long STALL_MARGIN_MILLIS = 500;
    private static final Pattern GAVE_UP = Pattern.compile("gave up after (\\d+) attempts in (\\d+) s");

    @Test
    void anOpenTransactionMakesTheCutOverGiveUpNamingItThenAResumedRunFinishes(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(100), "
                    + "total_cents BIGINT NOT NULL) ENGINE=InnoDB");
        }
        db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq), seq * 3 FROM " + db.numbers(ROWS),
                "INSERT INTO orders_twin SELECT * FROM orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        Pitstop pitstop = files.configure(db).cutOverLockTimeout(LOCK_WAIT).cutOverBudget(BUDGET).load();

        TwinWorkload.Report report;
        long blockedMillis;
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
            long blockerBegan = System.nanoTime();
            try (ResultSet rs = st.executeQuery("SELECT CONNECTION_ID(), COUNT(*) FROM orders WHERE id = 1")) {
                rs.next();
                long thread = rs.getLong(1);
                Throwable failure = run.get(120, TimeUnit.SECONDS);
                blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blockerBegan);
                LOG.info("migrate gave up {} ms after the blocker's transaction began: {}", blockedMillis,
                        failure == null ? "(it did not)" : failure.getMessage());
                assertThat(failure).isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("cut-over of orders gave up", "run migrate again");
                    Matcher attempts = GAVE_UP.matcher(e.getMessage());
                    assertThat(attempts.find()).as(e.getMessage()).isTrue();
                    assertThat(Integer.parseInt(attempts.group(1))).as("attempts").isGreaterThanOrEqualTo(2);
                    assertThat(Long.parseLong(attempts.group(2))).as("seconds retried")
                            .isBetween(BUDGET.toSeconds() - 1, BUDGET.toSeconds() + LOCK_WAIT.toSeconds() + 1);
                    Matcher named = Pattern.compile("thread " + thread + " \\([^)]*transaction open for (\\d+) s\\)")
                            .matcher(e.getMessage());
                    assertThat(named.find()).as("the blocker, thread %d, named with its age in: %s", thread,
                            e.getMessage()).isTrue();
                    assertThat(Long.parseLong(named.group(1))).as("reported transaction age, s")
                            .isBetween(1L, TimeUnit.MILLISECONDS.toSeconds(blockedMillis) + 1);
                });
            }
            blocker.commit();
            assertThat(pitstop.status().migrations().get(0).state()).isEqualTo(MigrationState.FAILED);
            assertThat(MySqlRebuildIT.columnType(db, "orders", "qty")).isEqualTo("int");

            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(500);
            report = workload.stop();
        }
        LOG.info("workload across a blocked and a resumed cut-over (lock wait {} ms, blocked {} ms): {}",
                LOCK_WAIT.toMillis(), blockedMillis, report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.max()).as("longest workload transaction, ms (began %s)", report.slowestStartedAt())
                .isLessThan(LOCK_WAIT.toMillis() + STALL_MARGIN_MILLIS);
        assertThat(MySqlRebuildIT.columnType(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "AND t.qty = o.qty AND t.note <=> o.note AND t.total_cents = o.total_cents WHERE t.id IS NULL"))
                .as("rows of the table without an equal twin row").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders"))
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM orders_twin"));
    }

    private static void awaitSyncTrigger(TestDatabase db) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                    + "AND event_object_table = 'orders' AND trigger_name LIKE '%pitstop%'") >= 3) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the sync triggers never appeared");
    }
}
