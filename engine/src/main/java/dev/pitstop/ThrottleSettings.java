package dev.pitstop;

import java.time.Duration;

/**
 * When the copy of a running migration pauses and when it stops (part of {@link PitstopConfig}). Each
 * signal is read before every chunk and before the cut-over; a signal without thresholds is not read.
 * Above its max threshold the copy pauses until the value is back at or below it; above its critical
 * threshold the migration stops cleanly (a table copy drops its sync triggers and shadow so the server
 * carries no extra writes; {@code migrate} later starts that copy over). A signal that cannot be read
 * pauses the copy (fails closed) and says why. Every pause (throttled, {@code pitstop pause}, a postponed
 * cut-over) lasts at most {@code maxPause}; then the migration stops, resumable.
 *
 * @param maxLag replica lag above which the copy pauses; null: not checked
 * @param criticalLag replica lag above which the migration stops; null: never
 * @param lagQuery SQL returning the lag in seconds as one number (e.g. from a heartbeat table), instead of
 *     the server's own replication status; null for the built-in query
 * @param maxLoad server load (PostgreSQL: active backends of other sessions; MySQL/MariaDB: Threads_running)
 *     above which the copy pauses; null: not checked
 * @param criticalLoad server load above which the migration stops; null: never
 * @param throttleQuery SQL returning one number: above 0 the copy pauses; null for none
 * @param throttleQueryCritical value of {@code throttleQuery} above which the migration stops; null: never
 * @param maxPause how long the copy may stay paused (or the cut-over postponed) before the migration stops,
 *     resumable (default 24 h)
 */
public record ThrottleSettings(Duration maxLag, Duration criticalLag, String lagQuery, Integer maxLoad,
                               Integer criticalLoad, String throttleQuery, Double throttleQueryCritical,
                               Duration maxPause) {

    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofHours(24);

    /** No signal; pauses of {@code pitstop pause} last at most the default maxPause. */
    public static final ThrottleSettings NONE = new ThrottleSettings(null, null, null, null, null, null, null,
            DEFAULT_MAX_PAUSE);

    /** True when replica lag is read. */
    public boolean readsLag() {
        return maxLag != null || criticalLag != null;
    }

    /** True when server load is read. */
    public boolean readsLoad() {
        return maxLoad != null || criticalLoad != null;
    }

    /** Throws {@link ErrorCode#INVALID_CONFIG} for a value that cannot work; touches no database. */
    void validate() {
        if (maxPause == null || maxPause.isNegative() || maxPause.isZero()) {
            throw invalid("maxPause must be a positive duration, got " + maxPause);
        }
        positiveOrUnset("maxLag", maxLag);
        positiveOrUnset("criticalLag", criticalLag);
        if (maxLoad != null && maxLoad < 0 || criticalLoad != null && criticalLoad < 0) {
            throw invalid("maxLoad and criticalLoad must be 0 or more, got " + maxLoad + " and " + criticalLoad);
        }
        if (maxLag != null && criticalLag != null && criticalLag.compareTo(maxLag) <= 0) {
            throw invalid("criticalLag (" + criticalLag + ") must be above maxLag (" + maxLag + "): the copy pauses at "
                    + "maxLag and the migration stops at criticalLag");
        }
        if (maxLoad != null && criticalLoad != null && criticalLoad <= maxLoad) {
            throw invalid("criticalLoad (" + criticalLoad + ") must be above maxLoad (" + maxLoad + "): the copy pauses "
                    + "at maxLoad and the migration stops at criticalLoad");
        }
        if (lagQuery != null && !readsLag()) {
            throw invalid("lagQuery is set but neither maxLag nor criticalLag: set a threshold for it");
        }
        if (throttleQueryCritical != null && throttleQuery == null) {
            throw invalid("throttleQueryCritical is set but throttleQuery is not: set the query it applies to");
        }
        if (throttleQueryCritical != null && throttleQueryCritical <= 0) {
            throw invalid("throttleQueryCritical (" + throttleQueryCritical + ") must be above 0: above 0 the "
                    + "throttleQuery already pauses the copy");
        }
    }

    private static void positiveOrUnset(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw invalid(name + " must be a positive duration, got " + d);
        }
    }

    private static PitstopException invalid(String message) {
        return new PitstopException(ErrorCode.INVALID_CONFIG, message);
    }
}
