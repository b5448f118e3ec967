package dev.pitstop.internal.run;

import dev.pitstop.PitstopConfig;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Catalog;
import dev.pitstop.internal.step.Step;
import dev.pitstop.spi.Dialect;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
        ActionFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Handle handle;
    private final Dialect dialect;
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;

    ActionExecutor(Handle handle, Dialect dialect, PitstopConfig config, Clock clock, Sleeper sleeper) {
        this.handle = handle;
        this.dialect = dialect;
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    void run(Step step, Action action, Catalog catalog) throws ActionFailed {
        LOG.info("{}: {}", action.phase(), action.sql().text().replaceAll("\\s+", " "));
        if (!action.lockBounded()) {
            try {
                Handles.execute(handle, action.sql());
                return;
            } catch (RuntimeException e) {
                throw new ActionFailed(cause(e), e);
            }
        }
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        try {
            retry.run(() -> {
                Handles.execute(handle, dialect.lockTimeout(config.ddlLockTimeout()));
                try {
                    Handles.execute(handle, action.sql());
                } finally {
                    Handles.execute(handle, dialect.resetLockTimeout());
                }
                return null;
            }, this::isLockTimeout, (e, attempt) -> {
                LOG.warn("attempt {} of '{}' gave up waiting {} for a lock ({}); cleaning up and retrying", attempt,
                        action.description(), config.ddlLockTimeout(), cause(e));
                cleanup(step, catalog);
            });
        } catch (BoundedRetry.GaveUp e) {
            throw new ActionFailed(action.description() + " could not get its lock: " + e.attempts() + " attempts of at most "
                    + config.ddlLockTimeout().toMillis() + " ms each in " + e.waited().toSeconds()
                    + " s (ddlRetryBudget); another session holds the table. Find it with the server's lock views, "
                    + "let it finish, then run migrate again. Last error: " + cause(e.last()), e.last());
        } catch (Exception e) {
            cleanup(step, catalog);
            throw new ActionFailed(cause(e), e);
        }
    }

    private void cleanup(Step step, Catalog catalog) {
        try {
            step.cleanupAfterFailure(catalog, dialect).forEach(sql -> {
                LOG.info("cleanup: {}", sql.text());
                Handles.execute(handle, sql);
            });
        } catch (RuntimeException e) {
            LOG.warn("cleanup after a failed attempt of {} failed: {}", step.kind(), cause(e));
        }
    }

    private boolean isLockTimeout(Exception e) {
        SQLException sql = sqlException(e);
        return sql != null && dialect.isLockTimeout(sql);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** The database's own words, without JDBI's wrapping. */
    static String cause(Throwable e) {
        SQLException sql = sqlException(e);
        String message = sql != null ? sql.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}
