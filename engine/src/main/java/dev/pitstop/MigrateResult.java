package dev.pitstop;

import java.util.List;

/**
 * What {@code migrate} did.
 *
 * @param database the server and database, e.g. "PostgreSQL 15.19 (public)"
 * @param applied the migrations this run expanded or completed, in order; empty when up to date
 */
public record MigrateResult(String database, List<AppliedMigration> applied) {
    public MigrateResult {
        applied = List.copyOf(applied);
    }

    public boolean upToDate() {
        return applied.isEmpty();
    }
}
