package dev.pitstop.internal.run;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.rebuild.ChunkedBackfill;
import dev.pitstop.internal.run.rebuild.TableRebuilder;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Catalog;
import dev.pitstop.internal.step.Step;
import dev.pitstop.internal.throttle.ChunkGate;
import dev.pitstop.internal.throttle.Gate;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the actions of steps on the work connection. A lock-bounded action runs under the dialect's
 * short lock timeout, so a DDL statement queued behind a long transaction never holds the application up
 * for longer than that; it is retried with backoff and jitter within the retry budget, cleaning up a
 * failed attempt's leftovers first.
 */
final class ActionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);

    /** A step's action failed for good; the message says why, with the numbers. */
    static final class ActionFailed extends Exception {
        private final boolean leftovers;

        ActionFailed(String message, Throwable cause, boolean leftovers) {
            super(message, cause);
            this.leftovers = leftovers;
        }

        /** True when half-done leftovers (an invalid index) could not be removed; the next run removes them. */
        boolean leftovers() {
            return leftovers;
        }
    }

    private final Database database;
    private final Handle handle;
    private final Dialect dialect;
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ChunkGate gate;

    ActionExecutor(Database database, Handle handle, PitstopConfig config, Clock clock, Sleeper sleeper) {
        this.database = database;
        this.handle = handle;
        this.dialect = database.dialect();
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.gate = new Gate(handle, dialect, config, clock, sleeper,
                () -> Handles.execute(handle, database.restoreLockTimeout(handle)));
    }

    /**
     * @param checkpoints where a rebuild stage keeps its progress
     * @param resuming true when an earlier run started this step and did not finish it
     */
    void run(Step step, Action action, Catalog catalog, TableRebuilder.Checkpoints checkpoints, boolean resuming)
            throws ActionFailed {
        if (action.rebuild() != null) {
            LOG.info("{}: {}", action.phase(), action.description());
            try {
                new TableRebuilder(handle, dialect, config, clock, sleeper, this::runBounded, this::isLockTimeout,
                        () -> Handles.execute(handle, database.restoreLockTimeout(handle)), gate)
                        .run(action.rebuild(), checkpoints, resuming);
                return;
            } catch (PitstopException e) {
                throw e;
            } catch (Exception e) {
                throw new ActionFailed(cause(e), e, false);
            }
        }
        if (action.backfill() != null) {
            LOG.info("{}: {}", action.phase(), action.description());
            try {
                new ChunkedBackfill(handle, dialect, config, clock, sleeper, this::isLockTimeout,
                        () -> Handles.execute(handle, database.restoreLockTimeout(handle)), gate)
                        .run(action.backfill(), checkpoints);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionFailed("interrupted; every chunk that committed is checkpointed", e, false);
            }
        }
        LOG.info("{}: {}", action.phase(), action.sql().text().replaceAll("\\s+", " "));
        if (action.check()) {
            try {
                bounded("check: " + action.description(), () -> check(action));
            } catch (PitstopException e) {
                throw e;
            } catch (Exception e) {
                throw new ActionFailed(cause(e), e, false);
            }
            return;
        }
        if (!action.lockBounded()) {
            try {
                Handles.execute(handle, action.sql());
                return;
            } catch (RuntimeException e) {
                throw violationOr(action, e, new ActionFailed(cause(e), e, false));
            }
        }
        Duration wait = action.waitsWithoutBlocking() ? config.ddlRetryBudget() : config.ddlLockTimeout();
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        try {
            retry.run(() -> {
                underLockTimeout(wait, () -> {
                    cleanup(step, catalog);
                    Handles.execute(handle, action.sql());
                });
                return null;
            }, this::isLockTimeout, (e, attempt) -> LOG.warn("attempt {} of '{}' gave up waiting {} ms for a lock ({}); "
                    + "retrying", attempt, action.description(), wait.toMillis(), cause(e)));
        } catch (BoundedRetry.GaveUp e) {
            boolean leftovers = !cleanupAfterFailure(step, catalog);
            throw new ActionFailed(action.description() + " could not get its lock: " + e.attempts() + " attempts of at most "
                    + wait.toMillis() + " ms each in " + e.waited().toSeconds()
                    + " s (ddlRetryBudget); another session holds the table, e.g. an open transaction that read it. "
                    + "Find it with the server's lock views (pg_stat_activity, information_schema.innodb_trx), let it "
                    + "finish, then run migrate again. Last error: " + cause(e.last()), e.last(), leftovers);
        } catch (Exception e) {
            boolean leftovers = !cleanupAfterFailure(step, catalog);
            throw violationOr(action, e, new ActionFailed(cause(e), e, leftovers));
        }
    }

    /** Rehearses an online rebuild for a dry run; see {@link TableRebuilder#rehearse}. */
    TableRebuilder.Rehearsal rehearse(dev.pitstop.internal.step.Rebuild prepare, dev.pitstop.internal.step.Rebuild copy,
                                      dev.pitstop.internal.run.rebuild.Progress sample) throws Exception {
        return new TableRebuilder(handle, dialect, config, clock, sleeper, this::runBounded, this::isLockTimeout,
                () -> Handles.execute(handle, database.restoreLockTimeout(handle)), ChunkGate.NONE)
                .rehearse(prepare, copy, sample);
    }

    /** Runs a query that must find no row; the rows it finds make the step fail with the action's message. */
    private void check(Action action) {
        List<Map<String, Object>> rows = Handles.query(handle, action.sql()).mapToMap().list();
        if (!rows.isEmpty()) {
            String found = rows.stream().limit(5).map(r -> r.values().toString()).collect(Collectors.joining(", "));
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, action.violation() + " Rows found (first "
                    + Math.min(rows.size(), 5) + "): " + found + ".");
        }
    }

    /**
     * The action's own message when rows break the constraint it creates or validates (SQLSTATE class 23: a
     * NULL, a duplicate, a missing parent, a failed check), for the caller to throw; otherwise throws
     * {@code otherwise}.
     */
    private static RuntimeException violationOr(Action action, Exception e, ActionFailed otherwise)
            throws ActionFailed {
        SQLException sql = sqlException(e);
        if (action.violation() != null && sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            return new PitstopException(ErrorCode.VALIDATION_FAILED, action.violation() + " (" + cause(e) + ")", e);
        }
        throw otherwise;
    }

    /** One statement under the DDL lock timeout, retried within the budget; for the stages of a rebuild. */
    private void runBounded(Sql sql) throws Exception {
        bounded(sql.text(), () -> Handles.execute(handle, sql));
    }

    /**
     * Work under the DDL lock timeout, retried within the budget (a check query too: its table's metadata lock
     * may be queued behind someone's DDL).
     */
    private void bounded(String what, Runnable work) throws Exception {
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        try {
            retry.run(() -> {
                underLockTimeout(work);
                return null;
            }, this::isLockTimeout, (e, attempt) -> LOG.warn("attempt {} of '{}' gave up waiting {} ms for a lock; retrying",
                    attempt, what.replaceAll("\\s+", " "), config.ddlLockTimeout().toMillis()));
        } catch (BoundedRetry.GaveUp e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "'" + what.replaceAll("\\s+", " ")
                    + "' could not get its lock: " + e.attempts() + " attempts of at most " + config.ddlLockTimeout().toMillis()
                    + " ms each in " + e.waited().toSeconds() + " s (ddlRetryBudget). Find the session holding the table "
                    + "(pg_stat_activity, information_schema.innodb_trx), let it finish, then run migrate again. "
                    + "Last error: " + cause(e.last()), e.last());
        }
    }

    /** Runs DDL with the session's lock wait bounded by the DDL lock timeout, and restores the session's own. */
    private void underLockTimeout(Runnable ddl) {
        underLockTimeout(config.ddlLockTimeout(), ddl);
    }

    private void underLockTimeout(Duration wait, Runnable ddl) {
        Handles.execute(handle, dialect.lockTimeout(wait));
        try {
            ddl.run();
        } finally {
            Handles.execute(handle, database.restoreLockTimeout(handle));
        }
    }

    /**
     * Best effort after the last attempt; false when leftovers remain: leftovers that cannot be removed now (their own lock wait is
     * bounded too) are removed at the start of the next run's first attempt.
     */
    private boolean cleanupAfterFailure(Step step, Catalog catalog) {
        try {
            underLockTimeout(() -> cleanup(step, catalog));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not clean up after {} now ({}); the next run does it before its first attempt", step.kind(),
                    cause(e));
            return false;
        }
    }

    /** Removes half-done leftovers of an earlier attempt; runs inside the caller's lock timeout. */
    private void cleanup(Step step, Catalog catalog) {
        step.cleanupLeftovers(catalog, dialect).forEach(sql -> {
            LOG.info("cleanup: {}", sql.text());
            Handles.execute(handle, sql);
        });
    }

    boolean isLockTimeout(Exception e) {
        SQLException sql = sqlException(e);
        return sql != null && dialect.isLockTimeout(sql);
    }

    private static SQLException sqlException(Throwable e) {
        return Handles.sqlException(e);
    }

    /** The database's own words, without JDBI's wrapping. */
    static String cause(Throwable e) {
        return Handles.cause(e);
    }
}
