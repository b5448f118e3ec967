package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;

/**
 * A change the server would make by rewriting the table (ALTER COLUMN ... TYPE bigint, a USING
 * expression, ADD COLUMN with a volatile default), made online instead (DESIGN.md §3): EXPAND creates a shadow table in the new shape kept
 * in sync by a trigger; BACKFILL copies the rows in checkpointed chunks, compares checksums and swaps
 * the tables under a bounded lock, and a trigger then keeps the old table in sync; CONTRACT drops the
 * old table; abort swaps back or drops the shadow. Every stage is idempotent, so a run killed at any
 * point resumes.
 */
public record RebuildTableStep(SourceStatement source, String table, List<TypeChange> changes, String additions)
        implements Step {
    public static final String KIND = "rebuild-table";

    /**
     * @param changes the column type changes
     * @param additions ALTER TABLE clauses that add columns (e.g. with a volatile default), null when none
     */
    public RebuildTableStep {
        changes = List.copyOf(changes);
    }

    public RebuildTableStep(ParsedStatement.AlterColumnTypes statement) {
        this(statement.source(), statement.table(), statement.changes(), null);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String t = table;
        return List.of(
                stage(dialect, Phase.EXPAND, Rebuild.Stage.PREPARE, "create the shadow table of " + t
                        + " in the new shape and install the sync trigger"),
                stage(dialect, Phase.BACKFILL, Rebuild.Stage.COPY, "copy the rows of " + t + " in checkpointed chunks"),
                stage(dialect, Phase.BACKFILL, Rebuild.Stage.VERIFY, "compare checksums of " + t + " and its shadow"),
                stage(dialect, Phase.BACKFILL, Rebuild.Stage.CUT_OVER, "swap " + t + " and its shadow under a bounded lock"),
                stage(dialect, Phase.CONTRACT, Rebuild.Stage.DROP_OLD, "drop the old copy of " + t));
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of(stage(dialect, Phase.EXPAND, Rebuild.Stage.ABORT, "swap " + table
                + " back to its old shape (after the cut-over) or drop its shadow (before it)"));
    }

    private Action stage(Dialect dialect, Phase phase, Rebuild.Stage stage, String description) {
        Sql preview = dialect.rebuild().map(sql -> sql.preview(stage.name(), table))
                .orElseThrow(() -> new IllegalArgumentException("the online table rebuild is not supported on "
                        + dialect.describe() + " yet"));
        return Action.rebuild(phase, description, preview, new Rebuild(stage, table, changes, additions));
    }

    /** Every stage checks the catalog itself, so a step that was interrupted simply runs its stages again. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }
}
