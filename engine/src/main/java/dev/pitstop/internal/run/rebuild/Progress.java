package dev.pitstop.internal.run.rebuild;

import java.time.Duration;
import java.util.List;

/**
 * Where the chunk loops and the cut-over report what they did, for listeners and for {@code status}. The
 * loops call {@link #chunk} once, after each chunk committed; a throttle may call {@link #throttle} before
 * one.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void chunk(String table, String operation, long rowsDone, long estimate, int chunkSize) {
        }

        @Override
        public void cutOverAttempt(String table, int attempt, List<String> blockers, boolean succeeded, Duration took) {
        }
    };

    /**
     * A chunk committed.
     *
     * @param operation "copy", "update" or "delete"
     * @param rowsDone rows done in all, earlier runs included
     * @param estimate the table's estimated rows
     * @param chunkSize the size the next chunk will have
     */
    void chunk(String table, String operation, long rowsDone, long estimate, int chunkSize);

    /** One cut-over (or swap back) attempt took or gave up its lock. */
    void cutOverAttempt(String table, int attempt, List<String> blockers, boolean succeeded, Duration took);

    /** The copy is held back ({@code throttled}) or runs freely again; {@code reason} when known. */
    default void throttle(boolean throttled, String reason) {
    }
}
