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

/**
 * The CLI killed with SIGKILL in the middle of an online table copy, then run again: it resumes after
 * the checkpointed watermark instead of copying from the start, and the zero-downtime oracle holds
 * across both runs.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class KilledRebuildIT {
    private static final int ROWS = 400_000;
    private static final Pattern CHECKPOINT_ROWS = Pattern.compile("rows=(\\d+)");

    @Test
    void aKilledCopyResumesFromItsCheckpointAndLosesNothing(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE orders");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of("PITSTOP_URL", db.jdbcUrl(), "PITSTOP_USER", db.user(),
                "PITSTOP_LOCATIONS", dir.toString(), "PITSTOP_CHUNK_TIME", "20ms"));

        PitstopProcess.Result resumed;
        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 120).start()) {
            Process first = pitstop.start("migrate");
            long copiedWhenKilled = awaitCheckpoint(db, 60_000);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            pitstop.finish(first);
            assertThat(copiedWhenKilled).isLessThan(ROWS);
            assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                    + "AND column_name = 'qty'", String.class)).isEqualTo("integer");

            resumed = pitstop.run("migrate");
            report = workload.stop();
        }

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        Matcher before = Pattern.compile("resuming the copy after key \\[\\d+\\] \\((\\d+) rows copied before\\)")
                .matcher(resumed.err());
        assertThat(before.find()).as("the log shows the resumed watermark\n" + resumed.err()).isTrue();
        Matcher total = Pattern.compile("copy complete, (\\d+) rows").matcher(resumed.err());
        assertThat(total.find()).isTrue();
        long copiedInSecondRun = Long.parseLong(total.group(1)) - Long.parseLong(before.group(1));
        assertThat(copiedInSecondRun).as("rows copied after the resume").isLessThan(ROWS - Long.parseLong(before.group(1)) + 50_000);
        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                + "AND column_name = 'qty'", String.class)).isEqualTo("bigint");
        assertThat(db.queryForObject("SELECT count(*) FROM ((SELECT id, qty, note, total_cents FROM orders EXCEPT ALL "
                + "SELECT id, qty, note, total_cents FROM orders_twin) UNION ALL (SELECT id, qty, note, total_cents FROM "
                + "orders_twin EXCEPT ALL SELECT id, qty, note, total_cents FROM orders)) AS d", Number.class).intValue())
                .isZero();

        db.execute("UPDATE orders SET qty = 7 WHERE id = 1", "UPDATE orders_twin SET qty = 7 WHERE id = 1");
        PitstopProcess.Result aborted = pitstop.run("abort", "1");
        assertThat(aborted.exitCode()).as(aborted.toString()).isZero();
        assertThat(aborted.out()).contains("Aborted V1", "pending again");
        assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                + "AND column_name = 'qty'", String.class)).as("abort swapped the old shape back").isEqualTo("integer");
        assertThat(db.queryForObject("SELECT count(*) FROM ((SELECT id, qty, note, total_cents FROM orders EXCEPT ALL "
                + "SELECT id, qty, note, total_cents FROM orders_twin) UNION ALL (SELECT id, qty, note, total_cents FROM "
                + "orders_twin EXCEPT ALL SELECT id, qty, note, total_cents FROM orders)) AS d", Number.class).intValue())
                .as("rows that differ from the twin after abort").isZero();
        PitstopProcess.Result again = pitstop.run("abort");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to abort");
    }

    /** Waits until the copy has checkpointed some rows; returns how many. */
    private static long awaitCheckpoint(TestDatabase db, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try {
                String checkpoint = db.queryForObject("SELECT max(checkpoint) FROM pitstop_steps WHERE phase = 'BACKFILL'",
                        String.class);
                if (checkpoint != null) {
                    Matcher m = CHECKPOINT_ROWS.matcher(checkpoint);
                    if (m.find() && Long.parseLong(m.group(1)) >= 50_000) {
                        return Long.parseLong(m.group(1));
                    }
                }
            } catch (RuntimeException notYet) {
                // pitstop_steps does not exist until the first run creates it
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the copy never checkpointed 50000 rows");
    }
}
