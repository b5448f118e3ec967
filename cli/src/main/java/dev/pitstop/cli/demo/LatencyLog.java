package dev.pitstop.cli.demo;

import java.util.Arrays;

/**
 * Every transaction's start time and latency, appended by the workload threads; read as windows of
 * time afterwards ({@link #window}). Times are {@link System#nanoTime()} values.
 */
final class LatencyLog {
    private long[] starts = new long[4096];
    private long[] latencies = new long[4096];
    private int size;

    synchronized void add(long startNanos, long latencyNanos) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            latencies = Arrays.copyOf(latencies, size * 2);
        }
        starts[size] = startNanos;
        latencies[size] = latencyNanos;
        size++;
    }

    /** The transactions of all the logs that started in [from, to). */
    static LatencySummary window(long from, long to, LatencyLog... logs) {
        long[] picked = new long[0];
        int n = 0;
        long slowestStart = from;
        long slowest = -1;
        for (LatencyLog log : logs) {
            synchronized (log) {
                picked = Arrays.copyOf(picked, n + log.size);
                for (int i = 0; i < log.size; i++) {
                    if (log.starts[i] >= from && log.starts[i] < to) {
                        picked[n++] = log.latencies[i];
                        if (log.latencies[i] > slowest) {
                            slowest = log.latencies[i];
                            slowestStart = log.starts[i];
                        }
                    }
                }
            }
        }
        return LatencySummary.of(Arrays.copyOf(picked, n), to - from, slowestStart);
    }
}
