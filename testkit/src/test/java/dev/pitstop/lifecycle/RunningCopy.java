package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * A table {@code orders} and its twin {@code orders_twin} with the same rows, a migration that rebuilds
 * {@code orders} (qty to BIGINT), and {@code migrate} running in a thread of the test, so that a test can
 * watch the copy's checkpoint, steer it and look at the tables while it runs. Waits poll the database and
 * are bounded; they assert what they saw, not how fast.
 */
final class RunningCopy implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final TestDatabase db;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private Future<MigrateResult> run;

    RunningCopy(TestDatabase db, MigrationFiles files, int rows) {
        this.db = db;
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(100), "
                    + "total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders (id, qty, note, total_cents) SELECT seq, MOD(seq, 1000), CONCAT('n', seq), seq * 3 "
                + "FROM " + (db.kind() == DatabaseKind.POSTGRES ? "generate_series(1, " + rows + ") AS seq" : db.numbers(rows)),
                "INSERT INTO orders_twin SELECT * FROM orders");
        files.write("V1__widen_qty.sql", db.kind() == DatabaseKind.POSTGRES
                ? "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n" : "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
    }

    /** The name of the shadow table of orders. */
    String shadow() {
        return db.kind() == DatabaseKind.POSTGRES ? "_orders__pitstop_new" : "orders__pitstop_new";
    }

    /** Starts migrate in the background. */
    RunningCopy start(Pitstop pitstop) {
        run = thread.submit(pitstop::migrate);
        return this;
    }

    boolean running() {
        return !run.isDone();
    }

    /** Waits for migrate to return (or fail) and gives what it returned or threw. */
    MigrateResult finish() throws Exception {
        try {
            return run.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** The copy's checkpoint (rows=..;chunk=..;complete=..;after=..), null before its first chunk. */
    String checkpoint() {
        List<Map<String, Object>> rows;
        try {
            rows = db.queryForList("SELECT checkpoint FROM pitstop_steps WHERE version = '1' AND phase = 'BACKFILL'");
        } catch (RuntimeException e) {
            // migrate has not created its tables yet
            return null;
        }
        return rows.isEmpty() ? null : (String) rows.get(0).get("checkpoint");
    }

    /** Rows the copy has checkpointed, 0 before its first chunk. */
    long rowsCopied() {
        String c = checkpoint();
        return c == null || !c.startsWith("rows=") ? 0 : Long.parseLong(c.substring(5, c.indexOf(';')));
    }

    /** Triggers on orders (the sync trigger while the rebuild runs). */
    int triggersOnOrders() {
        return Schema.count(db, db.kind() == DatabaseKind.POSTGRES
                ? "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND NOT tgisinternal"
                : "SELECT count(*) FROM information_schema.triggers WHERE event_object_schema = DATABASE() "
                + "AND event_object_table = 'orders'");
    }

    /** Polls until the condition holds, at most {@link #PATIENCE}; fails naming what it waited for. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s s for %s (checkpoint %s)", PATIENCE.toSeconds(), what,
                    checkpoint()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Asserts that the copy stands still: its checkpoint is the same after a while in which an unpaused copy
     * would have taken many chunks, and migrate is still running.
     */
    String assertHeld(String why) throws InterruptedException {
        String before = checkpoint();
        Thread.sleep(1500);
        assertThat(checkpoint()).as("the copy's checkpoint while %s", why).isEqualTo(before);
        assertThat(running()).as("migrate still running while %s", why).isTrue();
        return before;
    }

    /** Rows of orders and orders_twin that differ, both ways (qty compared as numbers). */
    static int differencesFromTwin(TestDatabase db) {
        return Schema.count(db, "SELECT count(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "WHERE t.id IS NULL OR t.qty <> o.qty OR COALESCE(t.note, '-') <> COALESCE(o.note, '-') "
                + "OR t.total_cents <> o.total_cents")
                + Schema.count(db, "SELECT count(*) FROM orders_twin t LEFT JOIN orders o ON o.id = t.id WHERE o.id IS NULL");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
