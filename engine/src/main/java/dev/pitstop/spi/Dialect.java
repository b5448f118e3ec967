package dev.pitstop.spi;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that differs between database products. All SQL text the engine runs comes from here,
 * as pure functions returning {@link Sql}, so it can be golden-tested without a database.
 */
public interface Dialect {

    /** Same as {@link DialectProvider#id()}. */
    String id();

    /** Human description of the server and flavour, e.g. "MariaDB 10.11". */
    String describe();

    ParserFlavor parserFlavor();

    /**
     * The name the catalog stores for an identifier as written in SQL: quotes removed, unquoted names
     * case-folded the way the server folds them.
     */
    String normalizeIdentifier(String written);

    /** Statements run once on every connection the engine opens (e.g. naming the program). */
    List<Sql> sessionSetup();

    /**
     * One row with the session settings Pitstop changes (column per setting), read when a connection is
     * borrowed so that exactly those values are restored before it goes back to the application's pool.
     */
    Sql captureSession();

    /** Puts back every setting {@link #captureSession()} read. */
    List<Sql> restoreSession(Map<String, Object> captured);

    /**
     * Puts back the lock wait (and statement timeout, where Pitstop sets one) that {@link #captureSession()}
     * read, after statements ran under {@link #lockTimeout}.
     */
    Sql restoreLockTimeout(Map<String, Object> captured);

    /**
     * Bounds how long the next statements on this session wait for a lock: a table lock for DDL, and a row lock
     * where the server bounds those separately (InnoDB).
     */
    Sql lockTimeout(Duration timeout);

    /** True when the failure is a lock wait that gave up (or a deadlock): worth retrying. */
    boolean isLockTimeout(SQLException e);

    /** SQL of the engine's own tables. */
    StateSql state();

    /** SQL of the one-run-at-a-time lock. */
    LockSql lock();

    /** SQL that reads the catalog, used to make every step idempotent. */
    CatalogSql catalog();

    /** SQL of the online table rebuild; empty where the dialect has none yet. */
    default Optional<RebuildSql> rebuild() {
        return Optional.empty();
    }

    /** SQL of the throttler's built-in signals (replica lag, server load). */
    default ThrottleSql throttle() {
        return ThrottleSql.NONE;
    }

    /** SQL of the statements that are already safe online, rewritten into their online form. */
    OnlineDdl onlineDdl();
}
