package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;

/**
 * One statement of a migration with its whole lifecycle: the actions of every phase, how to tell that
 * it already ran (so a killed run resumes), and how to clean up after a failed attempt.
 */
public interface Step {

    /** Stable kind name, e.g. "create-index"; stored in pitstop_steps. */
    String kind();

    SourceStatement source();

    /** Every action of every phase, in order. */
    List<Action> actions(Dialect dialect);

    /**
     * The step to run in its place once the live schema is known: e.g. an ALTER COLUMN TYPE that would
     * rewrite becomes an online rebuild. {@code recordedKind} is the kind a previous run recorded for this
     * step (null when none): a resumed step keeps the form it started in.
     */
    default Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        return this;
    }

    /**
     * Why this step cannot run online against the schema as it is now, or null when it can (or when the
     * catalog cannot tell yet, e.g. the table is created by an earlier pending step). Asked right before
     * the step runs, and by plan.
     */
    default String refusal(Catalog catalog, Dialect dialect) {
        return null;
    }

    /**
     * True when the catalog shows the step's effect in place. Asked only when resuming a step that a
     * previous run started and did not record as done.
     */
    boolean alreadyApplied(Catalog catalog);

    /**
     * The actions that undo this step, for {@code abort}, once it ran in part or in full (expand and
     * backfill; never after its contract); null when abort does not support this kind of step yet.
     */
    default List<Action> abortActions(Dialect dialect) {
        return null;
    }

    /**
     * True when abort can undo the step until its migration is contracted, even though it has no CONTRACT
     * action of its own (a constraint, a default): the migration then stays EXPANDED after backfill, and
     * {@code contract} only records it as completed, once no live instance needs the way back.
     */
    default boolean undoableUntilContract() {
        return false;
    }

    /**
     * What the step must know of the schema as it was before it first ran, so that abort can put it back
     * (a column's default, whether it was NOT NULL); null when nothing. Asked once, right before the step's
     * first EXPAND attempt; kept in pitstop_steps as its EXPAND checkpoint and handed back through
     * {@link #recall}.
     */
    default String remember(Catalog catalog) {
        return null;
    }

    /** This step knowing what {@link #remember} returned before it first ran (null when nothing was kept). */
    default Step recall(String remembered) {
        return this;
    }

    /**
     * Statements that remove the half-done leftovers of an earlier failed or killed attempt (asked before
     * every attempt, so the next attempt starts clean); empty when there are none.
     */
    default List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        return List.of();
    }
}
