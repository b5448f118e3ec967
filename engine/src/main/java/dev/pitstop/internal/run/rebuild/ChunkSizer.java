package dev.pitstop.internal.run.rebuild;

import java.time.Duration;

/**
 * Picks the next chunk size so that one chunk takes about the target time: a moving average of rows per
 * millisecond times the target, growing at most 1.5x a step, halving on back-off, within a floor and a
 * ceiling. Pure arithmetic: the copier measures, this decides.
 */
final class ChunkSizer {
    static final int FLOOR = 100;
    static final int CEILING = 50_000;
    private static final double SMOOTHING = 0.3;

    private long targetMillis;
    private final int ceiling;
    private int size;
    private double rowsPerMilli = -1;

    ChunkSizer(Duration target, int initial) {
        this(target, initial, CEILING);
    }

    /** @param ceiling the largest size: {@link #CEILING} rows, or more key values for spans of an integer key */
    ChunkSizer(Duration target, int initial, int ceiling) {
        this.targetMillis = Math.max(1, target.toMillis());
        this.ceiling = ceiling;
        this.size = clamp(initial);
    }

    /** A new time target ({@code pitstop set chunk-time}); the next sizes follow it. */
    void target(Duration target) {
        this.targetMillis = Math.max(1, target.toMillis());
    }

    int size() {
        return size;
    }

    /** A chunk of {@code rows} took {@code took}; adjust the next size. */
    void observe(long rows, Duration took) {
        if (rows <= 0) {
            return;
        }
        double rate = rows / (double) Math.max(1, took.toMillis());
        rowsPerMilli = rowsPerMilli < 0 ? rate : SMOOTHING * rate + (1 - SMOOTHING) * rowsPerMilli;
        long proposed = Math.round(rowsPerMilli * targetMillis);
        size = clamp((int) Math.min(proposed, (long) Math.floor(size * 1.5)));
    }

    /** The chunk gave way to the application (a lock wait or deadlock): try a smaller one. */
    void backOff() {
        size = clamp(size / 2);
    }

    private int clamp(long n) {
        return (int) Math.max(FLOOR, Math.min(ceiling, n));
    }
}
