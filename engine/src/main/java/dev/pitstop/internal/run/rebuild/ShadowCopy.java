package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
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
 * After every chunk the resurrected rows are reconciled and the low watermark is checkpointed, so a
 * killed run resumes after the last chunk it finished.
 */
final class ShadowCopy {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowCopy.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Below PostgreSQL's default one-second deadlock check. */
    private static final Duration STATEMENT_CAP = Duration.ofMillis(800);
    /** Short chunk times must not make every statement of a busy machine time out. */
    private static final Duration STATEMENT_FLOOR = Duration.ofMillis(250);

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

    /** Work that must follow the last chunk before the copy counts as complete (building the other indexes). */
    interface AfterCopy {
        void run(RebuildSpec spec) throws Exception;
    }

    ShadowCopy(Handle handle, Dialect dialect, RebuildSql sql, RebuildSpec spec, PitstopConfig config, Clock clock,
               Sleeper sleeper, Predicate<Exception> lockTimeout, Reconcile reconcile, Runnable restoreLockTimeout,
               AfterCopy afterCopy) {
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
        ChunkSizer sizer = new ChunkSizer(config.chunkTime(), at.chunk());
        List<String> after = at.after();
        long rows = at.rows();
        Instant started = clock.instant();
        Instant lastReport = started;
        long rowsAtStart = rows;
        long resurrected = 0;
        long analyzedAt = Math.max(5_000, rows);
        Instant yieldingSince = null;
        try {
            while (true) {
                bound();
                int limit = sizer.size();
                Instant chunkStart = clock.instant();
                Map<String, Object> result;
                try {
                    result = copy(after, limit);
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
                long copied = ((Number) result.get("copied")).longValue();
                Duration took = Duration.between(chunkStart, clock.instant());
                resurrected += reconcile.run(spec);
                if (copied == 0) {
                    break;
                }
                after = lastKey(result);
                rows += copied;
                if (rows >= analyzedAt * 2) {
                    restoreLockTimeout.run();
                    Handles.execute(handle, sql.analyze(spec.shadow()));
                    analyzedAt = rows;
                }
                sizer.observe(copied, took);
                checkpoints.save(new Checkpoint(rows, sizer.size(), false, after).format());
                Instant now = clock.instant();
                if (Duration.between(lastReport, now).compareTo(PROGRESS_EVERY) >= 0) {
                    double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
                    LOG.info("{}: copied {} of about {} rows, {} rows/s, chunk {} rows", spec.table(), rows, estimate,
                            Math.round((rows - rowsAtStart) / seconds), sizer.size());
                    lastReport = now;
                }
                if (copied < limit) {
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

    /** One chunk: a row with {@code copied} and the last key's {@code k1}, ... */
    private Map<String, Object> copy(List<String> after, int limit) {
        if (!sql.copiesByRange()) {
            return Handles.query(handle, sql.copyChunk(spec, after, limit)).mapToMap().one();
        }
        Map<String, Object> end = Handles.query(handle, sql.rangeEnd(spec, after, limit)).mapToMap().findFirst().orElse(null);
        if (end == null || ((Number) end.get("n")).longValue() == 0) {
            return Map.of("copied", 0L);
        }
        List<String> upto = lastKey(end);
        try {
            copyRange(after, upto);
        } catch (RuntimeException e) {
            if (lockTimeout.test(e) || e instanceof PitstopException) {
                throw e;
            }
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "copying the row of " + spec.table() + " with key ("
                    + String.join(",", offendingKey(after, upto, ((Number) end.get("n")).intValue())) + ") fails: "
                    + Handles.cause(e) + ". Nothing was swapped and the original is untouched; fix that row (or the "
                    + "migration), then run migrate again.", e);
        }
        Map<String, Object> result = new java.util.HashMap<>(end);
        result.put("copied", end.get("n"));
        return result;
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

    /** One transaction, so a chunk whose values the server would change is rolled back, not kept. */
    private void copyRange(List<String> after, List<String> upto) {
        handle.useTransaction(h -> {
            Handles.execute(h, sql.copyRange(spec, after, upto));
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
