package dev.pitstop;

import java.time.Instant;

/**
 * One line of {@code status}: a migration found as a file, in the history, or both.
 *
 * @param phase the last phase reached, null when pending
 * @param startedAt null when pending
 * @param finishedAt when the migration reached its current state (expanded, completed, failed); null while pending or running
 * @param fileFound false for a history row whose file is no longer in the locations
 */
public record MigrationInfo(String version, String description, String script, Phase phase, MigrationState state,
                            Instant startedAt, Instant finishedAt, String error, boolean fileFound) {
}
