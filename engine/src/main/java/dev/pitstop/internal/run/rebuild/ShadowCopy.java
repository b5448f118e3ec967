package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.internal.throttle.ChunkGate;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyset-chunked copy of the original into the shadow. Each chunk is one short statement; its
 * session waits at most one chunk time for a row lock of the application, and when it gives up (or is
 * chosen as a deadlock victim) the chunk shrinks and is retried: the copy yields, never the application.
 * At most every second (and after the last chunk) the resurrected rows are reconciled and the low
 * watermark is checkpointed, so a killed run resumes at most a second of copying before where it stopped.
 * Copying a range again is harmless (rows already in the shadow are kept); a checkpoint after every
 * chunk cost a second commit, and so a second flush of the server's log, per chunk.
 */
final class ShadowCopy {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowCopy.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Below PostgreSQL's default one-second deadlock check. */
    private static final Duration STATEMENT_CAP = Duration.ofMillis(800);
    /** Short chunk times must not make every statement of a busy machine time out. */
    private static final Duration STATEMENT_FLOOR = Duration.ofMillis(250);
    /** Rows already in the shadow that a chunk leaves out by key; beyond that the dialect's own anti-join. */
    private static final int SKIP_LIMIT = 500;
    /** Resurrected rows are removed at most this often during the copy, and after its last chunk. */
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(1);
    /**
     * The low watermark (and the progress {@code status} shows) is saved at most this often during the copy, or after
     * a twentieth of the table, and when it is complete: a chunk commits once, not twice.
     */
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
    /** A span of an integer key may cover more keys than a chunk has rows: keys may have gaps. */
    private static final int SPAN_CEILING = 200_000;

    /** Reconciles tombstones after a chunk. */
    interface Reconcile {
        /** Returns how many resurrected rows it removed. */
        int run(RebuildSpec spec) throws Exception;
    }

    private final Handle handle;
    private final Dialect dialect;
    private final RebuildSql sql;
    private final RebuildSpec spec;
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Predicate<Exception> lockTimeout;
    private final Reconcile reconcile;
    private final Runnable restoreLockTimeout;
    private final AfterCopy afterCopy;
    private final ChunkGate gate;

    /** Work that must follow the last chunk before the copy counts as complete (building the other indexes). */
    interface AfterCopy {
        void run(RebuildSpec spec) throws Exception;
    }

    ShadowCopy(Handle handle, Dialect dialect, RebuildSql sql, RebuildSpec spec, PitstopConfig config, Clock clock,
               Sleeper sleeper, Predicate<Exception> lockTimeout, Reconcile reconcile, Runnable restoreLockTimeout,
               AfterCopy afterCopy, ChunkGate gate) {
        this.handle = handle;
        this.dialect = dialect;
        this.sql = sql;
        this.spec = spec;
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lockTimeout = lockTimeout;
        this.reconcile = reconcile;
        this.restoreLockTimeout = restoreLockTimeout;
        this.afterCopy = afterCopy;
        this.gate = gate;
    }

    void run(TableRebuilder.Checkpoints checkpoints) throws Exception {
        Checkpoint at = Checkpoint.parse(checkpoints.load());
        if (at.complete()) {
            LOG.info("{}: copy already complete ({} rows)", spec.table(), at.rows());
            return;
        }
        long estimate = Handles.query(handle, sql.estimatedRows(spec.table())).mapTo(Long.class).findFirst().orElse(0L);
        if (at.after() != null) {
            LOG.info("{}: resuming the copy after key {} ({} rows copied before)", spec.table(), at.after(), at.rows());
        }
        // an integer key is copied by spans of key values: no pass over the range to find its end
        KeySpan keys = sql.keySpan(spec).map(q -> Handles.query(handle, q).mapToMap().one())
                .map(r -> r.get("lo") == null ? KeySpan.EMPTY : new KeySpan(new BigInteger(r.get("lo").toString()),
                        new BigInteger(r.get("hi").toString())))
                .filter(k -> dense(k, estimate))
                .orElse(null);
        ChunkSizer sizer = new ChunkSizer(config.chunkTime(), at.chunk(), keys == null ? ChunkSizer.CEILING : SPAN_CEILING);
        long rowsEstimated = RowEstimate.of(handle, sql, spec, estimate);
        Progress progress = checkpoints.progress();
        List<String> after = at.after();
        long rows = at.rows();
        Instant started = clock.instant();
        Instant lastReport = started;
        long rowsAtStart = rows;
        long resurrected = 0;
        AnalyzeSchedule analyze = new AnalyzeSchedule(rows);
        Instant yieldingSince = null;
        Instant reconciledAt = started;
        Instant checkpointedAt = started.minus(CHECKPOINT_EVERY); // the first chunk is recorded at once
        long checkpointedRows = rows;
        try {
            while (true) {
                sizer.target(gate.beforeChunk("the copy of " + spec.table(), config.chunkTime(), progress));
                bound();
                int limit = sizer.size();
                Instant chunkStart = clock.instant();
                Chunk result;
                try {
                    result = keys == null ? copy(after, limit) : copySpan(keys, after, limit);
                } catch (RuntimeException e) {
                    if (!lockTimeout.test(e)) {
                        throw e;
                    }
                    yieldingSince = yieldingSince == null ? chunkStart : yieldingSince;
                    if (Duration.between(yieldingSince, clock.instant()).compareTo(config.ddlRetryBudget()) > 0) {
                        throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the copy of " + spec.table() + " gave way "
                                + "to the application for longer than ddlRetryBudget (" + config.ddlRetryBudget().toSeconds()
                                + " s) without finishing a chunk of " + ChunkSizer.FLOOR + " rows; the rows after key " + after
                                + " are held by long transactions. The copy is checkpointed: run migrate again later.", e);
                    }
                    sizer.backOff();
                    LOG.debug("{}: a chunk gave way to the application; retrying with {} rows", spec.table(), sizer.size());
                    sleeper.sleep(Duration.ofMillis(50));
                    continue;
                }
                yieldingSince = null;
                long copied = result.copied();
                Duration took = Duration.between(chunkStart, clock.instant());
                boolean last = result.last() == null || result.end();
                if (last || Duration.between(reconciledAt, clock.instant()).compareTo(RECONCILE_EVERY) >= 0) {
                    resurrected += reconcile.run(spec);
                    reconciledAt = clock.instant();
                }
                if (result.last() == null) {
                    break;
                }
                after = result.last();
                rows += copied;
                if (analyze.due(rows, Duration.between(started, clock.instant()))) {
                    restoreLockTimeout.run();
                    Instant before = clock.instant();
                    Handles.execute(handle, sql.analyze(spec.shadow()));
                    analyze.ran(rows, Duration.between(before, clock.instant()));
                }
                sizer.observe(keys == null ? copied : limit, took);
                Instant now = clock.instant();
                if (Duration.between(checkpointedAt, now).compareTo(CHECKPOINT_EVERY) >= 0
                        || rows - checkpointedRows >= rowsEstimated / 20) {
                    checkpoints.save(new Checkpoint(rows, sizer.size(), false, after).format());
                    checkpointedAt = now;
                    checkpointedRows = rows;
                }
                progress.chunk(spec.table(), "copy", rows, rowsEstimated, sizer.size());
                if (Duration.between(lastReport, now).compareTo(PROGRESS_EVERY) >= 0) {
                    double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
                    LOG.info("{}: copied {} of about {} rows, {} rows/s, chunk {} rows", spec.table(), rows, estimate,
                            Math.round((rows - rowsAtStart) / seconds), sizer.size());
                    lastReport = now;
                }
                if (result.end()) {
                    break;
                }
            }
        } finally {
            restoreLockTimeout.run();
        }
        afterCopy.run(spec);
        checkpoints.save(new Checkpoint(rows, sizer.size(), true, after).format());
        double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        LOG.info("{}: copy complete, {} rows ({} rows/s); {} row(s) the copy brought back after the application "
                + "deleted them were removed again", spec.table(), rows, Math.round((rows - rowsAtStart) / seconds), resurrected);
    }

    /**
     * Row-lock waits of the copy last at most one chunk time, and a whole chunk statement at most twice
     * that (at least 250 ms, at most 800 ms: under PostgreSQL's default one-second deadlock check), so the
     * application never waits for the copy long enough to be chosen as a deadlock victim. Set before every
     * chunk because the reconcile between chunks restores the session's own settings.
     */
    private void bound() {
        Handles.execute(handle, dialect.lockTimeout(config.chunkTime()));
        long statementMillis = Math.max(STATEMENT_FLOOR.toMillis(),
                Math.min(2 * config.chunkTime().toMillis(), STATEMENT_CAP.toMillis()));
        Handles.execute(handle, sql.statementTimeout(Duration.ofMillis(statementMillis)));
    }

    /**
     * A chunk's outcome: rows copied, the last key it covered (null: nothing was left) and whether it was
     * the last chunk.
     */
    private record Chunk(long copied, List<String> last, boolean end) {
    }

    /**
     * Spans only pay off where keys are dense: with sparse keys (random or snowflake ids, one outlier far
     * out) most spans would be empty, so the copy goes by row counts instead.
     */
    static boolean dense(KeySpan keys, long estimatedRows) {
        return keys.hi() == null || keys.hi().subtract(keys.lo()).compareTo(BigInteger.valueOf(Math.max(estimatedRows, 10_000))
                .multiply(BigInteger.valueOf(4))) <= 0;
    }

    /** The smallest and the largest key of an integer key when the copy started (null: the table was empty). */
    record KeySpan(BigInteger lo, BigInteger hi) {
        static final KeySpan EMPTY = new KeySpan(null, null);
    }

    /**
     * One chunk of an integer key: the keys in (after, after + span], so no query looks for the chunk's
     * end. Rows written after the copy started are in the shadow through the trigger, so the copy ends at
     * the largest key it saw when it started.
     */
    private Chunk copySpan(KeySpan keys, List<String> after, int span) {
        if (keys.hi() == null) {
            return new Chunk(0, null, true);
        }
        BigInteger from = after == null ? keys.lo().subtract(BigInteger.ONE) : new BigInteger(after.get(0));
        if (from.compareTo(keys.hi()) >= 0) {
            return new Chunk(0, null, true);
        }
        BigInteger upto = from.add(BigInteger.valueOf(span)).min(keys.hi());
        List<String> low = List.of(from.toString());
        List<String> high = List.of(upto.toString());
        int copied;
        try {
            copied = copyRange(low, high);
        } catch (RuntimeException e) {
            throw offendingRow(e, low, high, Handles.query(handle, sql.rangeEnd(spec, low, Integer.MAX_VALUE)).mapToMap()
                    .findFirst().map(r -> ((Number) r.get("n")).intValue()).orElse(1));
        }
        return new Chunk(copied, high, upto.equals(keys.hi()));
    }

    /** One chunk: a row with {@code copied} and the last key's {@code k1}, ... */
    private Chunk copy(List<String> after, int limit) {
        if (!sql.copiesByRange()) {
            Map<String, Object> row = Handles.query(handle, sql.copyChunk(spec, after, limit)).mapToMap().one();
            long copied = ((Number) row.get("copied")).longValue();
            return copied == 0 ? new Chunk(0, null, true) : new Chunk(copied, lastKey(row), copied < limit);
        }
        Map<String, Object> end = Handles.query(handle, sql.rangeEnd(spec, after, limit)).mapToMap().findFirst().orElse(null);
        if (end == null || ((Number) end.get("n")).longValue() == 0) {
            return new Chunk(0, null, true);
        }
        List<String> upto = lastKey(end);
        long n = ((Number) end.get("n")).longValue();
        try {
            copyRange(after, upto);
        } catch (RuntimeException e) {
            throw offendingRow(e, after, upto, (int) n);
        }
        return new Chunk(n, upto, n < limit);
    }

    /** A chunk failed: a lock wait is retried by the caller; anything else names the row whose copy fails. */
    private RuntimeException offendingRow(RuntimeException e, List<String> after, List<String> upto, int n) {
        if (lockTimeout.test(e) || e instanceof PitstopException) {
            return e;
        }
        return new PitstopException(ErrorCode.EXECUTION_FAILED, "copying the row of " + spec.table() + " with key ("
                + String.join(",", offendingKey(after, upto, n)) + ") fails: " + Handles.cause(e) + ". Nothing was "
                + "swapped and the original is untouched; fix that row (or the migration), then run migrate again.", e);
    }

    /**
     * The first key in (after, upto] whose row the copy cannot write, found by halving the range; each try
     * is rolled back.
     */
    private List<String> offendingKey(List<String> after, List<String> upto, int keys) {
        List<String> from = after;
        List<String> to = upto;
        int n = keys;
        while (n > 1) {
            int half = n / 2;
            List<String> mid = lastKey(Handles.query(handle, sql.rangeEnd(spec, from, half)).mapToMap().one());
            boolean fails;
            try {
                List<String> lower = from;
                handle.useTransaction(h -> {
                    Handles.execute(h, sql.copyRange(spec, lower, mid));
                    h.rollback();
                });
                fails = false;
            } catch (RuntimeException e) {
                fails = true;
            }
            if (fails) {
                to = mid;
                n = half;
            } else {
                from = mid;
                n = n - half;
            }
        }
        return lastKey(Handles.query(handle, sql.rangeEnd(spec, from, 1)).mapToMap().one());
    }

    /**
     * One transaction, so a chunk whose values the server would change is rolled back, not kept. Rows the
     * sync trigger wrote already are left out by key where the dialect can list them, so the copy neither
     * locks them (an application changing one again would wait for the chunk) nor reads the shadow row
     * by row (which made MySQL buffer the whole chunk first).
     */
    private int copyRange(List<String> after, List<String> upto) {
        return handle.inTransaction(h -> {
            Sql copy = sql.copyRange(spec, after, upto);
            if (sql.alreadyCopied(spec, after, upto, SKIP_LIMIT).isPresent()) {
                List<Map<String, Object>> present = Handles.query(h, sql.alreadyCopied(spec, after, upto, SKIP_LIMIT).get())
                        .mapToMap().list();
                if (present.size() <= SKIP_LIMIT) {
                    copy = sql.copyRange(spec, after, upto, present.stream().map(this::lastKey).toList());
                }
            }
            int copied = Handles.execute(h, copy);
            List<Map<String, Object>> warnings = sql.copyWarnings().isEmpty() ? List.of()
                    : Handles.query(h, sql.copyWarnings().get()).mapToMap().list();
            if (!warnings.isEmpty()) {
                Map<String, Object> w = warnings.get(0);
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "copying the rows of " + spec.table() + " with keys in ("
                        + (after == null ? "start" : String.join(",", after)) + ", " + String.join(",", upto) + "] would change "
                        + "values: " + w.get("Level") + " " + w.get("Code") + " " + w.get("Message") + (warnings.size() > 1
                        ? " (and " + (warnings.size() - 1) + " more)" : "") + ". Nothing was swapped and the original is "
                        + "untouched; fix those rows or the migration, then run migrate again.");
            }
            return copied;
        });
    }

    private List<String> lastKey(Map<String, Object> result) {
        List<String> key = new ArrayList<>();
        for (int i = 1; i <= spec.key().size(); i++) {
            Object v = result.get("k" + i);
            if (v == null) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the copy of " + spec.table()
                        + " read rows but no last key; this is a bug, please report it");
            }
            key.add(v.toString());
        }
        return key;
    }
}
