package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.spi.Sql;

/**
 * One statement a step wants run. Steps compute actions and never execute them, so {@code plan} is a
 * true dry run.
 *
 * @param waitsWithoutBlocking see {@link #waitingWithoutBlocking()}
 * @param rebuild the stage of an online table rebuild this action runs, null for a plain statement
 * @param lockBounded true when the statement takes a table lock the application may queue behind: the
 *     executor runs it under the dialect's short lock timeout and retries it within the budget
 * @param backfill the chunked data change this action runs, null for anything else
 * @param violation what the user is told (the object and the way out) when the statement fails because rows
 *     break a constraint (SQLSTATE class 23), or when a {@link #check} query finds rows; null for the server's words
 * @param check true when {@code sql} is a query that must return no row (a validation the server does not do)
 */
public record Action(Phase phase, String description, Sql sql, boolean lockBounded, boolean waitsWithoutBlocking,
                     Rebuild rebuild, Backfill backfill, String violation, boolean check) {

    /** A single statement. */
    public Action(Phase phase, String description, Sql sql, boolean lockBounded) {
        this(phase, description, sql, lockBounded, false, null, null, null, false);
    }

    /** A query that must find no row; the rows it finds (the first few) are added to {@code violation}. */
    public static Action check(Phase phase, String description, Sql query, String violation) {
        return new Action(phase, description, query, false, false, null, null, violation, true);
    }

    /**
     * A statement whose wait for locks does not hold up the application's reads and writes (PostgreSQL's
     * CREATE INDEX CONCURRENTLY waits for old transactions in a lock mode that DML does not conflict with):
     * it may wait the whole retry budget in one attempt instead of starting over every few seconds.
     */
    public Action waitingWithoutBlocking() {
        return new Action(phase, description, sql, lockBounded, true, rebuild, backfill, violation, check);
    }

    /** This action, telling the user {@code message} when rows break the constraint it creates or validates. */
    public Action onViolation(String message) {
        return new Action(phase, description, sql, lockBounded, waitsWithoutBlocking, rebuild, backfill, message, check);
    }

    /** A stage of an online table rebuild; {@code preview} is what plan shows. */
    public static Action rebuild(Phase phase, String description, Sql preview, Rebuild rebuild) {
        return new Action(phase, description, preview, false, false, rebuild, null, null, false);
    }

    /** A data change run in keyset chunks; {@code preview} is what plan shows. */
    public static Action backfill(String description, Sql preview, Backfill backfill) {
        return new Action(Phase.BACKFILL, description, preview, false, false, null, backfill, null, false);
    }
}
