package dev.pitstop;

import java.time.Duration;

/** One migration a run moved forward, and where it stands now. */
public record AppliedMigration(String version, String description, MigrationState state, int steps, Duration took) {
}
