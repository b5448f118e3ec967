package dev.pitstop;

/** One statement a step will run, in its phase. */
public record PlannedAction(Phase phase, String description, String sql) {
}
