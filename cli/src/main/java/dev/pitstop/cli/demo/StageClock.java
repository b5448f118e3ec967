package dev.pitstop.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's stages on one clock ({@link System#nanoTime()} since the demo started): how long each took,
 * in order, and which one was running at a given instant, so the longest stall can say where it happened.
 */
final class StageClock {

    private record Interval(String label, long startNanos, long endNanos) {
    }

    private final long started = System.nanoTime();
    private final List<Interval> intervals = new ArrayList<>();
    private long stageStarted = started;

    /** Ends the stage that began when the previous one ended; the next one begins now. */
    void end(String label) {
        long now = System.nanoTime();
        intervals.add(new Interval(label, stageStarted, now));
        stageStarted = now;
    }

    /** A stage measured elsewhere (e.g. read back from Pitstop's own tables); the next one begins at {@code endNanos}. */
    void add(String label, long startNanos, long endNanos) {
        intervals.add(new Interval(label, startNanos, endNanos));
        stageStarted = endNanos;
    }

    double secondsAt(long nanos) {
        return (nanos - started) / 1e9;
    }

    double secondsNow() {
        return secondsAt(System.nanoTime());
    }

    /** The stage running at {@code nanos}, or "between stages". */
    String stageAt(long nanos) {
        for (Interval i : intervals) {
            if (nanos >= i.startNanos() && nanos < i.endNanos()) {
                return i.label();
            }
        }
        return "between stages";
    }

    Map<String, Duration> durations() {
        Map<String, Duration> all = new LinkedHashMap<>();
        for (Interval i : intervals) {
            all.merge(i.label(), Duration.ofNanos(i.endNanos() - i.startNanos()), Duration::plus);
        }
        return all;
    }
}
