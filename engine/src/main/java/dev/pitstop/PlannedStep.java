package dev.pitstop;

import java.util.List;

/**
 * One statement of a migration file as Pitstop will run it.
 *
 * @param number 1-based position in the file
 * @param kind the step kind, e.g. "create-index"
 * @param source file:line of the statement
 * @param statement the statement as written
 * @param actions what runs in each phase
 */
public record PlannedStep(int number, String kind, String source, String statement, List<PlannedAction> actions) {
    public PlannedStep {
        actions = List.copyOf(actions);
    }
}
