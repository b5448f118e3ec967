package dev.pitstop.internal.throttle;

import dev.pitstop.internal.run.rebuild.Progress;
import java.time.Duration;

/**
 * The one hook the chunked loops call before each chunk (the table copy of both dialects, the chunked data
 * change) and the rebuild calls before its cut-over. It waits while the copy must not go on (paused,
 * throttled, cut-over postponed), each wait bounded; it throws {@link ThrottleStop} when the migration must
 * stop.
 */
public interface ChunkGate {

    /** Never waits, never stops, keeps the configured chunk time. */
    ChunkGate NONE = new ChunkGate() {
        @Override
        public Duration beforeChunk(String work, Duration chunkTime) {
            return chunkTime;
        }

        @Override
        public void beforeCutOver(String table) {
        }
    };

    /**
     * Called before every chunk; returns once the chunk may run.
     *
     * @param work what runs in chunks, for messages: "the copy of orders", "the chunked update of orders"
     * @param chunkTime the configured chunk time
     * @return the chunk time to aim for now ({@code pitstop set chunk-time} overrides the configured one)
     */
    Duration beforeChunk(String work, Duration chunkTime) throws InterruptedException;

    /**
     * {@link #beforeChunk(String, Duration)}, telling {@code progress} when the chunk is held back, and why, and when
     * it may go on, so a progress bar or a listener shows the throttle while the copy waits.
     */
    default Duration beforeChunk(String work, Duration chunkTime, Progress progress) throws InterruptedException {
        return beforeChunk(work, chunkTime);
    }

    /** Called before the cut-over's lock is taken; returns once it may go ahead (not paused, not postponed). */
    void beforeCutOver(String table) throws InterruptedException;
}
