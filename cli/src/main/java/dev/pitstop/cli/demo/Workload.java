package dev.pitstop.cli.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A simulated application: a few threads, each on its own connection, running one {@link AppVersion}'s
 * transactions at a fixed total rate. Every transaction's latency goes to the {@link LatencyLog}; every
 * failure is counted and the first one kept. A late transaction does not make the next ones hurry: the
 * schedule restarts, so a stall shows as one long latency, not as a burst afterwards.
 */
public final class Workload {

    /** What the threads saw, over the workload's whole life. */
    public record Counts(long transactions, long errors, String firstError) {
    }

    private final AppVersion app;
    private final DataSource dataSource;
    private final int threads;
    private final int perSecond;
    private final long maxId;
    private final LatencyLog log = new LatencyLog();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final List<Thread> workers = new ArrayList<>();

    Workload(AppVersion app, DataSource dataSource, int threads, int perSecond, long maxId) {
        this.app = app;
        this.dataSource = dataSource;
        this.threads = threads;
        this.perSecond = perSecond;
        this.maxId = maxId;
    }

    LatencyLog log() {
        return log;
    }

    Workload start() {
        running.set(true);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "demo-" + app.label() + "-app-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    /** Stops the threads (each finishes its transaction) and returns what they saw. */
    Counts stop() throws InterruptedException {
        running.set(false);
        for (Thread t : workers) {
            t.join(30_000);
        }
        return counts();
    }

    Counts counts() {
        return new Counts(transactions.get(), errors.get(), firstError.get());
    }

    private void work() {
        long pauseNanos = 1_000_000_000L * threads / Math.max(1, perSecond);
        Connection c = null;
        long next = System.nanoTime();
        while (running.get()) {
            long begin = System.nanoTime();
            try {
                if (c == null) {
                    c = dataSource.getConnection();
                    c.setAutoCommit(false);
                    c.setClientInfo("ApplicationName", "pitstop demo " + app.label() + " app");
                }
                app.transaction(c, maxId);
                c.commit();
                log.add(begin, System.nanoTime() - begin);
                transactions.incrementAndGet();
            } catch (SQLException e) {
                transactions.incrementAndGet();
                errors.incrementAndGet();
                firstError.compareAndSet(null, app.label() + " app: " + e.getSQLState() + " " + e.getMessage());
                c = rollbackOrDrop(c);
            }
            next += pauseNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } else {
                next = System.nanoTime();
            }
        }
        close(c);
    }

    /** Rolls back; a connection that cannot even do that is closed, and the next transaction opens another. */
    private static Connection rollbackOrDrop(Connection c) {
        if (c == null) {
            return null;
        }
        try {
            c.rollback();
            return c;
        } catch (SQLException e) {
            close(c);
            return null;
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }
}
