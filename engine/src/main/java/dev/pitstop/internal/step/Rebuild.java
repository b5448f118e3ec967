package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import java.util.List;

/**
 * One stage of an online table rebuild, as a value: what to rebuild and which stage to run. The runner
 * ({@code internal.run.rebuild}) executes it.
 *
 * @param table the table as written in the statement
 * @param changes the column type changes to apply to the new shape
 * @param additions ALTER TABLE clauses adding columns to the new shape, as written; null when none
 */
public record Rebuild(Stage stage, String table, List<TypeChange> changes, String additions) {

    public Rebuild {
        changes = List.copyOf(changes);
    }

    /** The stages, in the order they run. */
    public enum Stage {
        /** EXPAND: shadow table in the new shape, tombstone table, sync trigger. */
        PREPARE,
        /** BACKFILL: keyset-chunked copy, checkpointed at most every second. */
        COPY,
        /** BACKFILL: ANALYZE the shadow, compare checksums of both tables in one snapshot. */
        VERIFY,
        /** BACKFILL: swap the tables under a bounded, retried lock. */
        CUT_OVER,
        /** CONTRACT: drop the way-back trigger, the old table and the rebuild's helpers. */
        DROP_OLD,
        /** abort: drop the shadow, or after the cut-over swap the old table back; never part of a phase. */
        ABORT
    }
}
