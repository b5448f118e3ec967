package dev.pitstop;

/**
 * What went wrong, coarse enough to map onto a process exit code.
 *
 * <p>Exit codes: 0 success; 1 refused by the compatibility checker; 2 bad usage or bad input (the user
 * can fix it without touching the database); 3 failure while executing (the message says in which state
 * the database was left and how to continue).
 */
public enum ErrorCode {
    /** The compatibility checker refused a step. */
    CHECK_REFUSED(1),
    /** Bad configuration value or command-line usage. */
    INVALID_CONFIG(2),
    /** A migration location does not exist or cannot be read. */
    LOCATION_NOT_FOUND(2),
    /** A file name that looks like a migration but is not {@code V<version>__<description>.sql}, or a clash of versions. */
    INVALID_MIGRATION_NAME(2),
    /** A statement that does not parse. */
    INVALID_SQL(2),
    /** A statement Pitstop parses but cannot run online yet. It is never run as a plain blocking statement. */
    NOT_SUPPORTED_YET(2),
    /**
     * An applied migration's file changed, or an applied migration's file is out of order; or rows of the
     * database break what a step needs (a constraint it adds, a value the old shape cannot hold): the
     * message names them and the way out, and the migration is left resumable.
     */
    VALIDATION_FAILED(2),
    /** The database cannot be reached (wrong URL, server down, wrong password). */
    CONNECTION_FAILED(2),
    /** No dialect for the connected database product. */
    UNSUPPORTED_DATABASE(2),
    /** Another run holds the migration lock for longer than the configured wait. */
    LOCK_TIMEOUT(3),
    /** A statement failed while running; the migration is left resumable. */
    EXECUTION_FAILED(3);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code front ends use for this error. */
    public int exitCode() {
        return exitCode;
    }
}
