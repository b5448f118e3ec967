package dev.pitstop.internal.state;

import dev.pitstop.Phase;
import java.time.Instant;

/** The state of one step in one phase, from pitstop_steps. State is PENDING, RUNNING, DONE or FAILED. */
public record StepRow(int stepNo, Phase phase, String kind, String statementHash, String state, String checkpoint,
                      Instant updatedAt) {

    public boolean done() {
        return "DONE".equals(state);
    }
}
