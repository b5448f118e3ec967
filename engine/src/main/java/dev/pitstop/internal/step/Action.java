package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.spi.Sql;

/**
 * One statement a step wants run. Steps compute actions and never execute them, so {@code plan} is a
 * true dry run.
 *
 * @param lockBounded true when the statement takes a table lock the application may queue behind: the
 *     executor runs it under the dialect's short lock timeout and retries it within the budget
 */
public record Action(Phase phase, String description, Sql sql, boolean lockBounded) {
}
