package dev.pitstop.internal.state;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.BoundedRetry;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.spi.LockSql;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migration run at a time per database: a session-level advisory lock ({@code pg_try_advisory_lock}
 * / {@code GET_LOCK}) held on a dedicated connection for the whole run. It dies with the connection, so
 * a killed process never leaves the database locked. The wait is bounded and polled through
 * {@link BoundedRetry}; the timeout message names the holder.
 */
public final class MigrationLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);

    private final Handle handle;
    private final LockSql sql;
    private final String name;
    private boolean held;

    private MigrationLock(Handle handle, LockSql sql, String name) {
        this.handle = handle;
        this.sql = sql;
        this.name = name;
    }

    /** Takes the lock, waiting at most as long as the retry's budget allows. The handle is dedicated to the lock. */
    public static MigrationLock acquire(Handle handle, LockSql sql, String name, BoundedRetry retry, Duration wait) {
        MigrationLock lock = new MigrationLock(handle, sql, name);
        try {
            retry.run(() -> {
                if (!lock.tryOnce()) {
                    throw new NotYet();
                }
                return null;
            }, e -> e instanceof NotYet, (e, attempt) -> {
                if (attempt == 1) {
                    LOG.info("waiting for the migration lock {} held by {} (at most {})", name, lock.holders(), wait);
                }
            });
        } catch (BoundedRetry.GaveUp e) {
            throw new PitstopException(ErrorCode.LOCK_TIMEOUT, "another Pitstop run holds the migration lock " + name
                    + " (" + lock.holders() + "); gave up after " + e.attempts() + " attempts in " + e.waited().toSeconds()
                    + " s. Wait for that run to finish, or stop it (the lock goes with its connection), then run again. "
                    + "Nothing was changed.");
        } catch (PitstopException e) {
            throw e;
        } catch (Exception e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "could not take the migration lock " + name + ": "
                    + e.getMessage() + ". Nothing was changed.", e);
        }
        return lock;
    }

    private boolean tryOnce() {
        Object got = Handles.query(handle, sql.tryAcquire(name)).map((rs, ctx) -> rs.getObject(1)).one();
        held = got instanceof Boolean b ? b : got instanceof Number n && n.intValue() == 1;
        return held;
    }

    private String holders() {
        try {
            List<String> rows = Handles.query(handle, sql.holders(name)).mapTo(String.class).list();
            return rows.isEmpty() ? "a session the server does not name" : String.join("; ", rows);
        } catch (RuntimeException e) {
            return "a session that could not be looked up (" + e.getMessage() + ")";
        }
    }

    /**
     * Throws when the connection holding the lock is gone (killed, failed over): another run could take
     * the lock now, so this one must stop before its next step.
     */
    public void assertHeld() {
        try {
            if (!handle.getConnection().isValid(5)) {
                throw new IllegalStateException("the connection does not answer");
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            held = false;
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "lost the connection holding the migration lock " + name
                    + " (" + e.getMessage() + "); stopped before the next step so that no other run works at the same "
                    + "time. Run migrate again: it resumes where this run stopped.", e);
        }
    }

    @Override
    public void close() {
        if (held) {
            try {
                Handles.query(handle, sql.release(name)).map((rs, ctx) -> rs.getObject(1)).one();
            } catch (RuntimeException e) {
                LOG.warn("could not release the migration lock {}: {}; it is released when the connection closes", name,
                        e.getMessage());
            }
            held = false;
        }
    }

    /** The lock is taken by someone else right now. */
    private static final class NotYet extends Exception {
        NotYet() {
            super("lock held elsewhere", null, false, false);
        }
    }
}
