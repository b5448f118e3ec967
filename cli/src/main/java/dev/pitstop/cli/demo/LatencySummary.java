package dev.pitstop.cli.demo;

import java.util.Arrays;

/**
 * Transactions of one window of time: how many, per second, and their latency percentiles in
 * milliseconds; {@code maxMillis} is the longest any of them waited (the longest stall), and
 * {@code maxStartedNanos} when that one began ({@link System#nanoTime()}).
 */
public record LatencySummary(int transactions, double perSecond, double p50Millis, double p99Millis, double maxMillis,
                             long maxStartedNanos) {

    static LatencySummary of(long[] latencyNanos, long windowNanos, long maxStartedNanos) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        double seconds = Math.max(1e-3, windowNanos / 1e9);
        return new LatencySummary(sorted.length, sorted.length / seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, maxStartedNanos);
    }

    /** Nearest-rank percentile. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
