package dev.pitstop.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The zero-downtime oracle's application (DESIGN.md §8): threads that insert, update (some changing
 * the key) and delete rows of a table under migration, and apply every change in the same
 * transaction to an untouched twin. Afterwards the two must match row for row, and the workload must
 * have seen no error; its latencies show how long the migration made it wait.
 *
 * <p>Which columns the tables have and which key the workload matches rows by is a {@link TwinTable}:
 * by default {@code id BIGINT PRIMARY KEY, qty, note, total_cents}. The types of qty and total_cents may
 * differ between the two tables (that is what the migration changes). The notes it writes start with
 * {@code new } or {@code upd } and may end in a suffix of the test's choosing ({@link #withNoteSuffix}).
 */
public final class TwinWorkload implements AutoCloseable {

    /** What the workload saw. Latencies in milliseconds. */
    public record Report(long transactions, long errors, String firstError, long deletes, long keyChanges,
                         double p50, double p99, double max, double perSecond, java.time.Instant slowestStartedAt) {
    }

    private final DataSource dataSource;
    private final TwinTable tables;
    private final int threads;
    private final int perSecond;
    private final AtomicLong nextId;
    private final long maxExisting;
    private final String noteSuffix;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong keyChanges = new AtomicLong();
    private volatile String firstError;
    private volatile long slowestMicros;
    private volatile java.time.Instant slowestStartedAt;
    private long startedNanos;
    private long stoppedNanos;

    /**
     * On two tables keyed by {@code id BIGINT} (see {@link TwinTable#bigintId}).
     *
     * @param existingRows ids 1..existingRows exist in both tables
     * @param perSecond total transactions per second over all threads
     */
    public TwinWorkload(DataSource dataSource, String table, String twin, long existingRows, int threads, int perSecond) {
        this(dataSource, TwinTable.bigintId(table, twin), existingRows, threads, perSecond);
    }

    /**
     * @param existingRows the rows of ordinals 1..existingRows exist in both tables
     * @param perSecond total transactions per second over all threads
     */
    public TwinWorkload(DataSource dataSource, TwinTable tables, long existingRows, int threads, int perSecond) {
        this(dataSource, tables, existingRows, threads, perSecond, "");
    }

    private TwinWorkload(DataSource dataSource, TwinTable tables, long existingRows, int threads, int perSecond,
                         String noteSuffix) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.threads = threads;
        this.perSecond = perSecond;
        this.nextId = new AtomicLong(existingRows + 1_000_000);
        this.maxExisting = existingRows;
        this.noteSuffix = noteSuffix;
    }

    /**
     * The same workload, every note it writes ending in {@code suffix}: e.g. characters outside the Basic
     * Multilingual Plane, which MySQL's utf8mb3 cannot store, to show that they reach both tables intact.
     * A workload not started yet only.
     */
    public TwinWorkload withNoteSuffix(String suffix) {
        if (running.get() || !workers.isEmpty()) {
            throw new IllegalStateException("the workload has started already");
        }
        return new TwinWorkload(dataSource, tables, maxExisting, threads, perSecond, suffix);
    }

    /** Starts the threads; new ordinals continue after the highest one in either table. */
    public TwinWorkload start() {
        String highest = "SELECT COALESCE(MAX(" + tables.ordinal() + "), 0) FROM ";
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT GREATEST((" + highest + tables.table() + "), (" + highest
                     + tables.twin() + "))")) {
            rs.next();
            nextId.set(Math.max(nextId.get(), rs.getLong(1)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the highest ordinal of " + tables.table() + ": " + e.getMessage(),
                    e);
        }
        running.set(true);
        startedNanos = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "twin-workload-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    /** Stops the threads and summarises what they saw. */
    public Report stop() throws InterruptedException {
        running.set(false);
        for (Thread t : workers) {
            t.join(30_000);
        }
        stoppedNanos = System.nanoTime();
        List<Long> sorted;
        synchronized (latenciesMicros) {
            sorted = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(sorted);
        double seconds = Math.max(0.001, (stoppedNanos - startedNanos) / 1e9);
        return new Report(sorted.size() + errors.get(), errors.get(), firstError, deletes.get(), keyChanges.get(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0,
                sorted.size() / seconds, slowestStartedAt);
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1)))) / 1000.0;
    }

    private void work() {
        long pauseNanos = 1_000_000_000L * threads / Math.max(1, perSecond);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long next = System.nanoTime();
            while (running.get()) {
                long begin = System.nanoTime();
                java.time.Instant wallBegin = java.time.Instant.now();
                try {
                    oneTransaction(c);
                    c.commit();
                    long micros = (System.nanoTime() - begin) / 1000;
                    latenciesMicros.add(micros);
                    synchronized (this) {
                        if (micros > slowestMicros) {
                            slowestMicros = micros;
                            slowestStartedAt = wallBegin;
                        }
                    }
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    if (firstError == null) {
                        firstError = e.getSQLState() + " " + e.getMessage() + " (at " + wallBegin + ")";
                    }
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the next transaction reports the connection's state
                    }
                }
                next += pauseNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (SQLException | InterruptedException e) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = String.valueOf(e);
            }
        }
    }

    /**
     * One change, made to the table and then its twin: an insert, an update of qty and note, an update
     * of every key column to a new ordinal's key, or a delete. Rows are named by their ordinal.
     */
    private void oneTransaction(Connection c) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int dice = r.nextInt(100);
        long existing = 1 + r.nextLong(maxExisting);
        List<String> both = List.of(tables.table(), tables.twin());
        if (dice < 35) {
            long id = nextId.incrementAndGet();
            int qty = r.nextInt(1000);
            long total = r.nextLong(1_000_000);
            for (String t : both) {
                update(c, "INSERT INTO " + t + " (" + tables.columns() + ") VALUES (" + tables.keyValues("?") + ", ?, ?, ?)",
                        key(id), qty, "new " + id + noteSuffix, total);
            }
        } else if (dice < 65) {
            int qty = r.nextInt(1000);
            for (String t : both) {
                update(c, "UPDATE " + t + " SET " + tables.qty() + " = ?, " + tables.note() + " = ? WHERE "
                        + tables.keyMatches(), qty, "upd " + qty + noteSuffix, key(existing));
            }
        } else if (dice < 75) {
            long id = nextId.incrementAndGet();
            for (String t : both) {
                update(c, "UPDATE " + t + " SET " + tables.keyAssignments() + " WHERE " + tables.keyMatches(), key(id),
                        key(existing));
            }
            keyChanges.incrementAndGet();
        } else {
            for (String t : both) {
                update(c, "DELETE FROM " + t + " WHERE " + tables.keyMatches(), key(existing));
            }
            deletes.incrementAndGet();
        }
    }

    /** The parameters that name a row: its ordinal, once for each place the key's expressions use it. */
    private Key key(long ordinal) {
        return new Key(Collections.nCopies(tables.keyParameters(), ordinal));
    }

    /** Several parameters passed to {@link #update} as one argument, bound one after the other. */
    private record Key(List<Long> values) {
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            for (Object arg : args) {
                for (Object value : arg instanceof Key k ? k.values() : List.of(arg)) {
                    ps.setObject(++i, value);
                }
            }
            ps.executeUpdate();
        }
    }

    /** How long the workload has been running. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
