package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI killed with SIGKILL in the middle of the online copy of a MariaDB/MySQL table, then run
 * again: it resumes after the checkpointed watermark (the key range copy of the MySQL dialect) instead
 * of copying from the start, and the zero-downtime oracle holds across both runs.
 */
@WithDatabases(DatabaseKind.MYSQL)
class MySqlKilledRebuildIT {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlKilledRebuildIT.class);
    private static final int ROWS = 250_000;
    /** Rows the first run must have checkpointed before it is killed. */
    private static final long KILL_AFTER = 50_000;
    private static final Pattern CHECKPOINT = Pattern.compile("rows=(\\d+);.*after=(\\d+)");
    private static final String QTY_TYPE = "SELECT data_type FROM information_schema.columns WHERE table_schema = "
            + "DATABASE() AND table_name = 'orders' AND column_name = 'qty'";

    @Test
    void aKilledCopyResumesFromItsCheckpointAndLosesNothing(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(100), "
                    + "total_cents BIGINT NOT NULL) ENGINE=InnoDB");
        }
        db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq), seq * 3 FROM " + db.numbers(ROWS),
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE TABLE orders");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of("PITSTOP_URL", db.jdbcUrl(), "PITSTOP_USER", db.user(),
                "PITSTOP_PASSWORD", db.password(), "PITSTOP_LOCATIONS", dir.toString(), "PITSTOP_CHUNK_TIME", "20ms"));

        PitstopProcess.Result resumed;
        TwinWorkload.Report report;
        long watermark;
        long copiedBefore;
        long began = System.nanoTime();
        long killedAt;
        long resumedIn;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 120).start()) {
            Process first = pitstop.start("migrate");
            awaitCheckpoint(db, 60_000);
            first.destroyForcibly();
            killedAt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            PitstopProcess.Result killed = pitstop.finish(first);
            assertThat(killed.exitCode()).as("killed by SIGKILL\n" + killed).isEqualTo(137);
            // the dead process checkpointed nothing after this: it is what the second run must resume from
            Matcher at = CHECKPOINT.matcher(checkpoint(db));
            assertThat(at.find()).as(checkpoint(db)).isTrue();
            copiedBefore = Long.parseLong(at.group(1));
            watermark = Long.parseLong(at.group(2));
            assertThat(copiedBefore).as("rows copied when killed").isBetween(KILL_AFTER, ROWS - 1L);
            assertThat(db.queryForObject(QTY_TYPE, String.class)).isEqualTo("int");

            long resumeBegan = System.nanoTime();
            resumed = pitstop.run("migrate");
            resumedIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumeBegan);
            report = workload.stop();
        }

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).as("the log shows the resumed watermark")
                .contains("resuming the copy after key [" + watermark + "] (" + copiedBefore + " rows copied before)");
        Matcher total = Pattern.compile("copy complete, (\\d+) rows").matcher(resumed.err());
        assertThat(total.find()).as(resumed.err()).isTrue();
        long copiedInSecondRun = Long.parseLong(total.group(1)) - copiedBefore;
        // every row the second run copied has a key above the watermark: the rows there now, give or take
        // what the workload inserted, moved and deleted while it ran (a few hundred)
        long aboveNow = db.queryForObject("SELECT COUNT(*) FROM orders WHERE id > " + watermark, Long.class);
        long belowNow = db.queryForObject("SELECT COUNT(*) FROM orders WHERE id <= " + watermark, Long.class);
        LOG.info("killed {} ms after the start with {} rows copied up to key {}; the second run took {} ms and copied {} "
                + "rows ({} above the watermark now, {} below); workload: {}", killedAt, copiedBefore, watermark, resumedIn,
                copiedInSecondRun, aboveNow, belowNow, report);
        assertThat(copiedInSecondRun).as("rows copied after the resume (%d rows above the watermark now, %d below)",
                aboveNow, belowNow).isBetween(aboveNow - 5_000, aboveNow + 5_000);
        assertThat(copiedInSecondRun).as("rows copied after the resume").isLessThan(ROWS - KILL_AFTER + 5_000);
        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(db.queryForObject(QTY_TYPE, String.class)).isEqualTo("bigint");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "AND t.qty = o.qty AND t.note <=> o.note AND t.total_cents = o.total_cents WHERE t.id IS NULL", Long.class))
                .as("rows of the table without an equal twin row").isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM orders", Long.class))
                .isEqualTo(db.queryForObject("SELECT COUNT(*) FROM orders_twin", Long.class));
    }

    private static String checkpoint(TestDatabase db) {
        return db.queryForObject("SELECT MAX(checkpoint) FROM pitstop_steps WHERE phase = 'BACKFILL'", String.class);
    }

    /** Waits until the copy has checkpointed {@link #KILL_AFTER} rows. */
    private static void awaitCheckpoint(TestDatabase db, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try {
                String checkpoint = checkpoint(db);
                Matcher m = checkpoint == null ? null : CHECKPOINT.matcher(checkpoint);
                if (m != null && m.find() && Long.parseLong(m.group(1)) >= KILL_AFTER) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // pitstop_steps does not exist until the first run creates it
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the copy never checkpointed " + KILL_AFTER + " rows");
    }
}
