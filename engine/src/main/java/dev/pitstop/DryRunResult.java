package dev.pitstop;

import java.time.Duration;
import java.util.List;

/**
 * What {@code migrate --dry-run} found: every step of the pending migrations, and for each online table
 * rebuild a rehearsal on the real server (shadow and triggers created and checked, a sample of chunks
 * copied, then everything dropped again). The database ends as it was, history included.
 */
public record DryRunResult(String database, List<DryRunStep> steps) {
    public DryRunResult {
        steps = List.copyOf(steps);
    }

    /** The sum of the rehearsed copies' expected durations (steps without an estimate count as zero). */
    public Duration expectedDuration() {
        return steps.stream().map(DryRunStep::expectedDuration).filter(d -> d != null).reduce(Duration.ZERO, Duration::plus);
    }

    /** True when nothing is pending. */
    public boolean upToDate() {
        return steps.isEmpty();
    }
}
