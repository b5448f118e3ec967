package dev.pitstop;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the chunked work of one step stands, as the run doing it stored after its last chunk: {@code status}
 * shows it on any machine while the run goes on (and, for a run that stopped, where it stopped).
 *
 * @param phase the phase the work belongs to (BACKFILL)
 * @param state the step's state: RUNNING, DONE or FAILED (RUNNING and an old {@code updatedAt}: the run died)
 * @param rowsEstimated the table's estimated rows when the work started; 0 when unknown
 * @param rowsPerSecond the smoothed rate at the last chunk
 * @param eta rows remaining at that rate, from {@code updatedAt}; null while unknown
 * @param updatedAt when the run stored this, by the database's clock
 */
public record StepProgressInfo(String version, int stepNo, String kind, Phase phase, String state, long rowsDone,
                               long rowsEstimated, double rowsPerSecond, Duration eta, boolean throttled,
                               Instant updatedAt) {

    /** 0..100. */
    public double percent() {
        return rowsEstimated <= 0 ? 0 : Math.min(100.0, 100.0 * rowsDone / rowsEstimated);
    }
}
