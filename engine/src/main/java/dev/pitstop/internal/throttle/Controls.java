package dev.pitstop.internal.throttle;

import java.time.Duration;

/**
 * What the operator set in pitstop_control ({@code pitstop pause}, {@code postpone-cutover},
 * {@code set chunk-time}), as read before a chunk.
 *
 * @param pausedBy who paused the copy ("user@host"), null when it is not paused
 * @param postponedBy who postponed the cut-over, null when it is not postponed
 * @param chunkTime the chunk time set at run time, null for the configured one
 */
public record Controls(String pausedBy, String postponedBy, Duration chunkTime) {
    public static final Controls NONE = new Controls(null, null, null);
}
