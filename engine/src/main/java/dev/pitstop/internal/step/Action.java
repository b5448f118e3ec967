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
 */
public record Action(Phase phase, String description, Sql sql, boolean lockBounded, boolean waitsWithoutBlocking,
                     Rebuild rebuild, Backfill backfill) {

    /** A single statement. */
    public Action(Phase phase, String description, Sql sql, boolean lockBounded) {
        this(phase, description, sql, lockBounded, false, null, null);
    }

    /**
     * A statement whose wait for locks does not hold up the application's reads and writes (PostgreSQL's
     * CREATE INDEX CONCURRENTLY waits for old transactions in a lock mode that DML does not conflict with):
     * it may wait the whole retry budget in one attempt instead of starting over every few seconds.
     */
    public Action waitingWithoutBlocking() {
        return new Action(phase, description, sql, lockBounded, true, rebuild, backfill);
    }

    /** A stage of an online table rebuild; {@code preview} is what plan shows. */
    public static Action rebuild(Phase phase, String description, Sql preview, Rebuild rebuild) {
        return new Action(phase, description, preview, false, false, rebuild, null);
    }

    /** A data change run in keyset chunks; {@code preview} is what plan shows. */
    public static Action backfill(String description, Sql preview, Backfill backfill) {
        return new Action(Phase.BACKFILL, description, preview, false, false, null, backfill);
    }
}
