package dev.pitstop.internal.state;

import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.internal.load.MigrationVersion;
import java.time.Instant;

/** One row of pitstop_history. */
public record HistoryRow(MigrationVersion version, String description, String script, String checksum, Phase phase,
                         MigrationState state, String installedBy, Instant startedAt, Instant expandedAt,
                         Instant completedAt, long executionMs, String error) {

    /** When the migration reached its current state, null while running. */
    public Instant finishedAt() {
        return switch (state) {
            case COMPLETED, BASELINE -> completedAt;
            case EXPANDED -> expandedAt;
            case FAILED -> completedAt != null ? completedAt : expandedAt;
            default -> null;
        };
    }
}
