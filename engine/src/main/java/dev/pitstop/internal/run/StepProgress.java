package dev.pitstop.internal.run;

import dev.pitstop.event.MigrationEvent.ChunkProgress;
import dev.pitstop.event.MigrationEvent.CutOverAttempt;
import dev.pitstop.event.MigrationListener;
import dev.pitstop.internal.run.rebuild.Progress;
import dev.pitstop.internal.run.rebuild.ProgressMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The progress of one step's chunked work: turns each chunk into a {@link ChunkProgress} event with rate
 * and ETA from a {@link ProgressMeter}, and adds the last reading to the step's checkpoint so that
 * {@code status}, on any machine, shows what the listener saw ({@link StoredProgress} reads it back).
 */
final class StepProgress implements Progress {
    private final MigrationListener listener;
    private final String version;
    private final int stepNo;
    private final ProgressMeter meter;
    private boolean throttled;
    private String throttleReason;
    private String table;
    private String operation;
    private int chunkSize;

    StepProgress(MigrationListener listener, Clock clock, String version, int stepNo) {
        this.listener = listener;
        this.version = version;
        this.stepNo = stepNo;
        this.meter = new ProgressMeter(clock, ProgressMeter.SMOOTHING);
    }

    @Override
    public void chunk(String table, String operation, long rowsDone, long estimate, int chunkSize) {
        this.table = table;
        this.operation = operation;
        this.chunkSize = chunkSize;
        ProgressMeter.Reading r = meter.observe(rowsDone, estimate, chunkSize);
        listener.onEvent(new ChunkProgress(version, stepNo, table, operation, r.rowsDone(), r.rowsEstimated(),
                r.rowsPerSecond(), r.eta(), chunkSize, throttled, throttleReason, r.elapsed()));
    }

    @Override
    public void cutOverAttempt(String table, int attempt, List<String> blockers, boolean succeeded, Duration took) {
        listener.onEvent(new CutOverAttempt(version, stepNo, table, attempt, blockers, succeeded, took));
    }

    @Override
    public void throttle(boolean throttled, String reason) {
        this.throttled = throttled;
        this.throttleReason = throttled ? reason : null;
        ProgressMeter.Reading r = meter.latest();
        if (r != null) {
            // the state changed between chunks: said now, so a bar shows why the copy waits while it waits
            listener.onEvent(new ChunkProgress(version, stepNo, table, operation, r.rowsDone(), r.rowsEstimated(),
                    r.rowsPerSecond(), r.eta(), chunkSize, throttled, throttleReason, r.elapsed()));
        }
    }

    /** The checkpoint with the last reading added (keys the copy's own parser ignores). */
    String withReading(String checkpoint) {
        ProgressMeter.Reading r = meter.latest();
        if (r == null || checkpoint == null || !checkpoint.startsWith("rows=")) {
            return checkpoint;
        }
        return checkpoint + StoredProgress.format(r.rowsDone(), r.rowsEstimated(), r.rowsPerSecond(), r.eta(), throttled);
    }
}
