package dev.pitstop;

import java.util.List;

/** A pending migration and its steps. */
public record PlannedMigration(String version, String description, String script, List<PlannedStep> steps) {
    public PlannedMigration {
        steps = List.copyOf(steps);
    }
}
