package dev.pitstop.internal.step;

import dev.pitstop.Phase;
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
     * Whether {@link #refusal} is asked before running {@code phase}; {@code resuming} is true when an earlier
     * run started this phase. A step whose own EXPAND changes what its refusal looks at (a RENAME COLUMN adds
     * the new name) is asked only before its first start.
     */
    default boolean refusalApplies(dev.pitstop.Phase phase, boolean resuming) {
        return true;
    }

    /**
     * True when the catalog shows the step's effect in place. Asked only when resuming a step that a
     * previous run started and did not record as done.
     */
    boolean alreadyApplied(Catalog catalog);

    /**
     * {@link #alreadyApplied(Catalog)} for one phase, for a step with actions in more than one: e.g. a rename's
     * EXPAND is in place once the view stands, its CONTRACT once the view is gone.
     */
    default boolean alreadyApplied(Catalog catalog, Phase phase) {
        return alreadyApplied(catalog);
    }

    /**
     * What this step must remember of the schema before its EXPAND runs, so that abort can undo it (e.g. a
     * column's type before it changes, which columns existed before an ADD COLUMN IF NOT EXISTS); null when
     * nothing. Asked on the first attempt only, before any action runs, and kept in pitstop_steps.
     */
    default String memo(Catalog catalog, Dialect dialect) {
        return null;
    }

    /**
     * Why abort cannot undo this step as it stands, or null when it can: asked for every step before abort
     * undoes anything, so a refusal leaves the database as it was.
     *
     * @param memo what {@link #memo} returned before the EXPAND ran, null when nothing was kept
     */
    default String abortRefusal(Catalog catalog, Dialect dialect, String memo) {
        return null;
    }

    /**
     * What abort still has to run to undo this step, judged from the live catalog: asked again after these
     * actions ran, until it returns none, so an abort stopped part-way goes on where it stopped, and a step that
     * was killed before it took effect has nothing to undo. Null (the default) runs {@link #abortActions}
     * once.
     */
    default List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        return null;
    }

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
