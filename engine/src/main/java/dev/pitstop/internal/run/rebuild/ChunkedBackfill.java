package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.BoundedRetry;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.internal.step.Backfill;
import dev.pitstop.internal.throttle.ChunkGate;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
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
 * Runs a data change ({@code UPDATE ... SET ... [WHERE ...]}, {@code DELETE ... WHERE ...}) in keyset
 * chunks over the table's primary key (or a NOT NULL unique key). Each chunk is one short transaction that
 * also commits the checkpoint, so a run killed at any instant resumes after the last chunk that committed
 * and never applies a chunk twice (an {@code n = n + 1} stays exact). The chunk's row-lock waits are bounded
 * by the chunk time: when it meets the application's locks it gives up, shrinks and retries, so the
 * application never waits for more than one chunk.
 *
 * <p>Rows are visited by key ranges: a row inserted behind the range already done is not changed, as with
 * any online backfill; a row inserted ahead of it is.
 */
public final class ChunkedBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedBackfill.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Below PostgreSQL's default one-second deadlock check, as the copy's. */
    private static final Duration STATEMENT_CAP = Duration.ofMillis(800);
    private static final Duration STATEMENT_FLOOR = Duration.ofMillis(250);

    private final Handle handle;
    private final Dialect dialect;
    private final RebuildSql sql;
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Predicate<Exception> lockTimeout;
    private final Runnable restoreLockTimeout;
    private final ChunkGate gate;

    public ChunkedBackfill(Handle handle, Dialect dialect, PitstopConfig config, Clock clock, Sleeper sleeper,
                           Predicate<Exception> lockTimeout, Runnable restoreLockTimeout, ChunkGate gate) {
        this.handle = handle;
        this.dialect = dialect;
        this.sql = dialect.rebuild().orElseThrow(() -> new PitstopException(ErrorCode.NOT_SUPPORTED_YET,
                "chunked data changes are not supported on " + dialect.describe() + " yet"));
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lockTimeout = lockTimeout;
        this.restoreLockTimeout = restoreLockTimeout;
        this.gate = gate;
    }

    public void run(Backfill backfill, TableRebuilder.Checkpoints checkpoints) throws InterruptedException {
        Checkpoint at = Checkpoint.parse(checkpoints.load());
        String table = dialect.normalizeIdentifier(Identifiers.unqualified(backfill.table()));
        String verb = backfill.delete() ? "delete" : "update";
        if (at.complete()) {
            LOG.info("{}: {} already complete ({} rows)", table, backfill.once() != null ? "statement" : "chunked " + verb,
                    at.rows());
            return;
        }
        if (backfill.once() != null) {
            once(table, backfill.once(), checkpoints, at);
            return;
        }
        RebuildSpec keyed = keyed(table, backfill);
        long estimate = Handles.query(handle, sql.estimatedRows(table)).mapTo(Long.class).findFirst().orElse(0L);
        if (at.after() != null) {
            LOG.info("{}: resuming the chunked {} after key {} ({} rows changed before)", table, verb, at.after(), at.rows());
        }
        ChunkSizer sizer = new ChunkSizer(config.chunkTime(), at.chunk());
        long rowsEstimated = RowEstimate.of(handle, sql, keyed, estimate);
        Progress progress = checkpoints.progress();
        List<String> after = at.after();
        long rows = at.rows();
        long visited = 0;
        Instant started = clock.instant();
        Instant lastReport = started;
        Instant yieldingSince = null;
        try {
            while (true) {
                sizer.target(gate.beforeChunk("the chunked " + verb + " of " + table, config.chunkTime(), progress));
                bound();
                int limit = sizer.size();
                Instant chunkStart = clock.instant();
                List<String> upto;
                long n;
                int changed;
                try {
                    Map<String, Object> end = Handles.query(handle, sql.rangeEnd(keyed, after, limit)).mapToMap()
                            .findFirst().orElse(null);
                    n = end == null ? 0 : ((Number) end.get("n")).longValue();
                    // the last chunk is open above: rows inserted past the end while it runs are changed too
                    upto = n < limit ? null : lastKey(end, keyed);
                    Sql chunk = backfill.delete()
                            ? sql.deleteRange(keyed, backfill.where(), after, upto)
                            : sql.updateRange(keyed, backfill.set(), backfill.where(), after, upto);
                    long before = rows;
                    List<String> from = after;
                    changed = handle.inTransaction(h -> {
                        int count = Handles.execute(h, chunk);
                        checkpoints.save(new Checkpoint(before + count, sizer.size(), upto == null,
                                upto == null ? from : upto).format());
                        return count;
                    });
                } catch (RuntimeException e) {
                    if (!lockTimeout.test(e)) {
                        throw failed(table, verb, after, e);
                    }
                    yieldingSince = yieldingSince == null ? chunkStart : yieldingSince;
                    if (Duration.between(yieldingSince, clock.instant()).compareTo(config.ddlRetryBudget()) > 0) {
                        throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the chunked " + verb + " of " + table
                                + " could not finish a chunk of " + ChunkSizer.FLOOR + " rows after key " + after + " within "
                                + "ddlRetryBudget (" + config.ddlRetryBudget().toSeconds() + " s): " + Handles.cause(e)
                                + ". Either long transactions hold those rows (find them in pg_stat_activity / "
                                + "information_schema.innodb_trx and let them finish), or " + ChunkSizer.FLOOR + " rows take "
                                + "longer than a chunk statement may run (at most " + STATEMENT_CAP.toMillis() + " ms; raise "
                                + "chunkTime, or check the triggers and cascades the statement fires). Every chunk before "
                                + "is committed and checkpointed: run migrate again.", e);
                    }
                    sizer.backOff();
                    LOG.debug("{}: a chunk gave way to the application; retrying with {} rows", table, sizer.size());
                    sleeper.sleep(Duration.ofMillis(50));
                    continue;
                }
                yieldingSince = null;
                rows += changed;
                visited += n;
                progress.chunk(table, verb, visited, rowsEstimated, sizer.size());
                if (upto == null) {
                    break;
                }
                after = upto;
                sizer.observe(n, Duration.between(chunkStart, clock.instant()));
                Instant now = clock.instant();
                if (Duration.between(lastReport, now).compareTo(PROGRESS_EVERY) >= 0) {
                    double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
                    LOG.info("{}: chunked {} visited {} of about {} rows ({} rows/s), {} changed, chunk {} rows", table,
                            verb, visited, estimate, Math.round(visited / seconds), rows, sizer.size());
                    lastReport = now;
                }
            }
        } finally {
            restoreLockTimeout.run();
        }
        double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        LOG.info("{}: chunked {} complete, {} rows changed ({} rows visited, {} rows/s)", table, verb, rows, visited,
                Math.round(visited / seconds));
    }

    /** The statement and its checkpoint in one transaction; its lock waits bounded, retried within the budget. */
    private void once(String table, String statement, TableRebuilder.Checkpoints checkpoints, Checkpoint at)
            throws InterruptedException {
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(100),
                Duration.ofSeconds(2));
        int rows;
        try {
            rows = retry.run(() -> {
                Handles.execute(handle, dialect.lockTimeout(config.ddlLockTimeout()));
                try {
                    return handle.inTransaction(h -> {
                        int n = Handles.execute(h, Sql.of(statement));
                        checkpoints.save(new Checkpoint(n, at.chunk(), true, null).format());
                        return n;
                    });
                } finally {
                    restoreLockTimeout.run();
                }
            }, lockTimeout, (e, attempt) -> LOG.debug("{}: the statement gave up waiting for a lock ({}); retrying", table,
                    Handles.cause(e)));
        } catch (InterruptedException e) {
            throw e;
        } catch (BoundedRetry.GaveUp e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the statement on " + table + " failed: "
                    + Handles.cause(e.last()) + " (gave up waiting for locks: " + e.attempts() + " attempts in "
                    + e.waited().toSeconds() + " s, ddlRetryBudget; find the long transaction on " + table + ", let it "
                    + "finish). It was rolled back; fix the cause and run migrate again.", e.last());
        } catch (Exception e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the statement on " + table + " failed: "
                    + Handles.cause(e) + ". It was rolled back; fix the cause and run migrate again.", e);
        }
        LOG.info("{}: {} row(s) written, in one transaction with the step's checkpoint", table, rows);
    }

    private RebuildSpec keyed(String table, Backfill backfill) {
        List<KeyColumn> key = Handles.query(handle, sql.key(table))
                .map((rs, ctx) -> new KeyColumn(rs.getString("name"), rs.getString("type"))).list();
        for (KeyColumn k : key) {
            String base = k.type().replaceAll("[ (].*$", "").toLowerCase(java.util.Locale.ROOT);
            if (java.util.Set.of("real", "double", "float", "double precision").contains(base)
                    || k.type().toLowerCase(java.util.Locale.ROOT).startsWith("double precision")) {
                throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot run the statement on " + table + " in chunks: "
                        + "its key column " + k.name() + " is " + k.type() + ", whose values cannot bound a chunk exactly. "
                        + "Nothing was changed.");
            }
        }
        if (key.isEmpty()) {
            throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot run the " + (backfill.delete() ? "DELETE"
                    : "UPDATE") + " on " + table + " in chunks: it has no primary key and no NOT NULL unique key to "
                    + "walk the table by. Add one in an earlier migration; nothing was changed.");
        }
        return new RebuildSpec(table, table, table, table, table, table, table, key, List.of(), List.of(), false);
    }

    /** Row-lock waits last at most one chunk time, a whole chunk statement at most twice that (250..800 ms). */
    private void bound() {
        Handles.execute(handle, dialect.lockTimeout(config.chunkTime()));
        long statementMillis = Math.max(STATEMENT_FLOOR.toMillis(),
                Math.min(2 * config.chunkTime().toMillis(), STATEMENT_CAP.toMillis()));
        Handles.execute(handle, sql.dataChunkSession(Duration.ofMillis(statementMillis)));
    }

    private static List<String> lastKey(Map<String, Object> end, RebuildSpec keyed) {
        List<String> key = new ArrayList<>();
        for (int i = 1; i <= keyed.key().size(); i++) {
            key.add(String.valueOf(end.get("k" + i)));
        }
        return key;
    }

    private static PitstopException failed(String table, String verb, List<String> after, RuntimeException e) {
        return new PitstopException(ErrorCode.EXECUTION_FAILED, "the chunked " + verb + " of " + table + " failed in the "
                + "chunk after key " + (after == null ? "(start)" : after) + ": " + Handles.cause(e) + ". The failed chunk "
                + "was rolled back; every chunk before it is committed and checkpointed. Fix the data (or abort the "
                + "migration) and run migrate again: it resumes at that chunk.", e);
    }
}
