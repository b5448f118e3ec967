package dev.pitstop;

/** Where a migration stands, as recorded in {@code pitstop_history}. */
public enum MigrationState {
    /** Found as a file, not applied. Never stored. */
    PENDING,
    /** A run is applying it (or was killed while applying it: the next run resumes it). */
    RUNNING,
    /** A step failed; the next {@code migrate} resumes from that step. */
    FAILED,
    /** Expand and backfill done; contract steps wait for {@code contract}. */
    EXPANDED,
    /** Every phase done. */
    COMPLETED,
    /** Marked as applied by {@code baseline}: Pitstop ran nothing for it. */
    BASELINE,
    /** {@code abort} started undoing it and did not finish; only {@code abort} may run until it does. */
    ABORTING;

    /** True when the migration needs no further {@code migrate}. */
    public boolean isApplied() {
        return this == EXPANDED || this == COMPLETED || this == BASELINE;
    }
}
