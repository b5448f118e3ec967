package dev.pitstop.internal.plan;

import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.step.Step;
import java.util.List;

/** A migration file turned into steps, in file order. */
public record Plan(MigrationScript script, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
