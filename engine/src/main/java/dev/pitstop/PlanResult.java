package dev.pitstop;

import java.util.List;

/** What {@code migrate} would do now; computing it changes nothing. */
public record PlanResult(String database, List<PlannedMigration> pending) {
    public PlanResult {
        pending = List.copyOf(pending);
    }
}
