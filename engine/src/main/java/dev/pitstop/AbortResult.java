package dev.pitstop;

import java.util.List;

/** What {@code abort} did: the migration it undid (now pending again), or none when nothing was left to undo. */
public record AbortResult(String database, List<AppliedMigration> aborted) {
    public AbortResult {
        aborted = List.copyOf(aborted);
    }
}
