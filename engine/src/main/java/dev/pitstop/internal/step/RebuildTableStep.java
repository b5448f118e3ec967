package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.List;

/**
 * A change the server would make by rewriting the table (ALTER COLUMN ... TYPE bigint, a USING
 * expression), made online instead (DESIGN.md §3): EXPAND creates a shadow table in the new shape kept
 * in sync by a trigger; BACKFILL copies the rows in checkpointed chunks, compares checksums and swaps
 * the tables under a bounded lock; CONTRACT drops the old table. Every stage is idempotent, so a run
 * killed at any point resumes.
 */
public record RebuildTableStep(ParsedStatement.AlterColumnTypes statement) implements Step {
    public static final String KIND = "rebuild-table";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String t = statement.table();
        return List.of(
                stage(Phase.EXPAND, Rebuild.Stage.PREPARE, "create the shadow table of " + t + " in the new shape and "
                        + "install the sync trigger", "-- CREATE TABLE _" + t + "__pitstop_new (LIKE " + t + " INCLUDING ALL); "
                        + "ALTER TABLE _" + t + "__pitstop_new ...; CREATE TRIGGER pitstop_sync ON " + t),
                stage(Phase.BACKFILL, Rebuild.Stage.COPY, "copy the rows of " + t + " in checkpointed chunks",
                        "-- INSERT INTO _" + t + "__pitstop_new SELECT ... FROM " + t + " WHERE key > :watermark ORDER BY key "
                        + "LIMIT :chunk ON CONFLICT DO NOTHING"),
                stage(Phase.BACKFILL, Rebuild.Stage.VERIFY, "compare checksums of " + t + " and its shadow in one snapshot",
                        "-- ANALYZE; SELECT count(*), md5(string_agg(...)) per key range, in REPEATABLE READ"),
                stage(Phase.BACKFILL, Rebuild.Stage.CUT_OVER, "swap " + t + " and its shadow under a bounded lock",
                        "-- LOCK TABLE " + t + " IN ACCESS EXCLUSIVE MODE; ALTER TABLE " + t + " RENAME TO _" + t
                        + "__pitstop_old; ALTER TABLE _" + t + "__pitstop_new RENAME TO " + t),
                stage(Phase.CONTRACT, Rebuild.Stage.DROP_OLD, "drop the old copy of " + t,
                        "-- DROP TABLE _" + t + "__pitstop_old"));
    }

    private Action stage(Phase phase, Rebuild.Stage stage, String description, String preview) {
        return Action.rebuild(phase, description, Sql.of(preview), new Rebuild(stage, statement.table(), statement.changes()));
    }

    /** Every stage checks the catalog itself, so a step that was interrupted simply runs its stages again. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }
}
