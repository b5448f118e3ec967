package dev.pitstop.event;

import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link MigrationListener} receives. Every event names the migration version it belongs to; the
 * records are immutable and their {@code toString()} is fit for a log line.
 */
public sealed interface MigrationEvent {

    /** The migration's version, e.g. {@code "7"}. */
    String version();

    /** A migration starts (or resumes) its EXPAND and BACKFILL, its CONTRACT, or its abort. */
    record MigrationStarted(String version, String description, String command, int steps) implements MigrationEvent {
    }

    /** A step begins; {@code statement} is its SQL as written, on one line. */
    record StepStarted(String version, int stepNo, int steps, String kind, String statement) implements MigrationEvent {
    }

    /** One phase of a step begins running (a phase recorded as done earlier is not reported). */
    record PhaseStarted(String version, int stepNo, Phase phase) implements MigrationEvent {
    }

    /** One phase of a step finished. */
    record PhaseFinished(String version, int stepNo, Phase phase, Duration took) implements MigrationEvent {
    }

    /** A step finished (all phases the command runs). */
    record StepFinished(String version, int stepNo, Duration took) implements MigrationEvent {
    }

    /**
     * After every chunk of an online table copy ({@code operation} "copy") or a chunked data change
     * ("update", "delete"). Rows count from the start of the step, including chunks of an earlier,
     * interrupted run.
     *
     * @param rowsEstimated the catalog's row count of the table (PostgreSQL reltuples, MySQL TABLE_ROWS), or
     *     its key range when the catalog has none yet; never below {@code rowsDone}
     * @param rowsPerSecond smoothed rate (exponential moving average), 0 until two chunks are measured
     * @param eta rows remaining at the smoothed rate; null while unknown
     * @param throttled true while a throttle holds the copy back
     * @param throttleReason why, when known (null otherwise)
     * @param elapsed since this run started the step's copy
     */
    record ChunkProgress(String version, int stepNo, String table, String operation, long rowsDone, long rowsEstimated,
                         double rowsPerSecond, Duration eta, int chunkSize, boolean throttled, String throttleReason,
                         Duration elapsed) implements MigrationEvent {

        /** 0..100; 100 once done equals the estimate. */
        public double percent() {
            return rowsEstimated <= 0 ? 0 : Math.min(100.0, 100.0 * rowsDone / rowsEstimated);
        }
    }

    /**
     * One attempt of a cut-over (or the swap back of an abort) to take its lock.
     *
     * @param blockers the sessions that held locks on the table just before the attempt, as the server names them
     * @param succeeded false when the lock wait gave up (it is retried within cutOverBudget)
     */
    record CutOverAttempt(String version, int stepNo, String table, int attempt, List<String> blockers, boolean succeeded,
                          Duration took) implements MigrationEvent {
        public CutOverAttempt {
            blockers = List.copyOf(blockers);
        }
    }

    /** The command finished the migration; {@code state} is where it stands now. */
    record MigrationFinished(String version, MigrationState state, Duration took) implements MigrationEvent {
    }

    /** The migration failed; {@code message} is the exception's message (where it stopped, how to go on). */
    record MigrationFailed(String version, Phase phase, int stepNo, String message, Duration took) implements MigrationEvent {
    }
}
