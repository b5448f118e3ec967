package dev.pitstop.lifecycle;

import dev.pitstop.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The old and the new application version writing the same rows at once, each on its own connection, at
 * a paced rate. Writes to one row are serialized by a lock here, so the last write of every row is known
 * whichever version made it ({@link #expected()}). No value is written twice.
 */
final class ConcurrentVersions {
    /** Each version's pace: about this many transactions per second. */
    private static final int RATE_PER_VERSION = 150;

    private final TestDatabase db;
    private final LifecycleHarness.App oldApp;
    private final LifecycleHarness.App newApp;
    private final Map<Integer, String> expected = new ConcurrentHashMap<>();
    private final ReentrantLock[] rowLocks = new ReentrantLock[64];
    private final AtomicInteger nextId;
    /** Makes every value written unique, so a unique constraint over the value column holds. */
    private final AtomicLong nextUpdate = new AtomicLong();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong newWrites = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    /** The result of a run: the errors, the writes, and every row's last value. */
    record Result(List<String> errors, long writes, long newWritesDuringMigrate, Map<Integer, String> expected,
                  long longestWriteMillis) {
    }

    /**
     * @param seededRows ids 1..seededRows exist already with the value {@code seed-<id>}
     */
    ConcurrentVersions(TestDatabase db, LifecycleHarness.App oldApp, LifecycleHarness.App newApp, int seededRows) {
        this.db = db;
        this.oldApp = oldApp;
        this.newApp = newApp;
        for (int i = 0; i < rowLocks.length; i++) {
            rowLocks[i] = new ReentrantLock();
        }
        for (int id = 1; id <= seededRows; id++) {
            expected.put(id, "seed-" + id);
        }
        this.nextId = new AtomicInteger(seededRows + 1);
    }

    void startOld() {
        start(oldApp);
    }

    void startNew() {
        start(newApp);
    }

    boolean stopped() {
        return stop.get();
    }

    Result stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : List.copyOf(threads)) {
            t.join();
        }
        return new Result(List.copyOf(errors), writes.get(), newWrites.get(), new HashMap<>(expected),
                longestNanos.get() / 1_000_000);
    }

    /** Every row's last value (call after {@link #stop}, or between rounds). */
    Map<Integer, String> expected() {
        return new HashMap<>(expected);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    long writes() {
        return writes.get();
    }

    /** {@code rounds} writes of one version on the caller's thread (an insert every third), unpaced. */
    void rounds(LifecycleHarness.App app, int rounds) {
        try (Connection c = db.connect()) {
            for (int i = 0; i < rounds; i++) {
                once(app, c, i);
            }
        } catch (SQLException e) {
            errors.add(name(app) + ": " + e.getMessage());
        }
    }

    private void start(LifecycleHarness.App app) {
        Thread t = new Thread(() -> {
            long periodNanos = 1_000_000_000L / RATE_PER_VERSION;
            long next = System.nanoTime();
            try (Connection c = db.connect()) {
                for (int i = 0; !stop.get(); i++) {
                    once(app, c, i);
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } else {
                        next = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                errors.add(name(app) + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name(app));
        threads.add(t);
        t.start();
    }

    private void once(LifecycleHarness.App app, Connection c, int i) {
        long start = System.nanoTime();
        try {
            if (i % 3 == 0) {
                insert(app, c);
            } else {
                update(app, c, 1 + ThreadLocalRandom.current().nextInt(Math.max(1, nextId.get() - 1)));
            }
            if (i % 100 == 99) {
                app.read(c);
            }
        } catch (SQLException e) {
            errors.add(name(app) + " at " + java.time.Instant.now() + ": " + e.getMessage());
        }
        long took = System.nanoTime() - start;
        longestNanos.accumulateAndGet(took, Math::max);
    }

    void insert(LifecycleHarness.App app, Connection c) throws SQLException {
        int id = nextId.getAndIncrement();
        String value = (app == oldApp ? "old-" : "new-") + id;
        ReentrantLock lock = rowLocks[id % rowLocks.length];
        lock.lock();
        try {
            app.insert(c, id, value);
            expected.put(id, value);
            counted(app);
        } finally {
            lock.unlock();
        }
    }

    void update(LifecycleHarness.App app, Connection c, int id) throws SQLException {
        String value = (app == oldApp ? "old-u" : "new-u") + nextUpdate.incrementAndGet();
        ReentrantLock lock = rowLocks[id % rowLocks.length];
        lock.lock();
        try {
            if (!expected.containsKey(id)) {
                return;
            }
            app.update(c, id, value);
            expected.put(id, value);
            counted(app);
        } finally {
            lock.unlock();
        }
    }

    /** A random id written before. */
    int randomId() {
        return 1 + ThreadLocalRandom.current().nextInt(Math.max(1, nextId.get() - 1));
    }

    private void counted(LifecycleHarness.App app) {
        writes.incrementAndGet();
        if (app == newApp) {
            newWrites.incrementAndGet();
        }
    }

    private String name(LifecycleHarness.App app) {
        return app == oldApp ? "old-app" : "new-app";
    }
}
