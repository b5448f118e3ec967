package dev.pitstop.spi;

/**
 * The one-run-at-a-time lock: a session-level advisory lock held on a dedicated connection. A lock row
 * in a table would stay locked when the process dies; a transaction-scoped lock deadlocks with
 * online index builds. The engine polls {@link #tryAcquire} within a bounded wait.
 */
public interface LockSql {

    /** One row, one boolean-ish column: true/1 when the lock was taken now. */
    Sql tryAcquire(String lockName);

    Sql release(String lockName);

    /**
     * Rows describing the session(s) holding the lock, columns {@code holder} (one readable line each),
     * for the timeout message. May return no rows when the server cannot tell.
     */
    Sql holders(String lockName);
}
