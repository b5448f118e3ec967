package dev.pitstop.internal.throttle;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;

/**
 * The gate stopped the migration: a signal above its critical threshold ({@link #critical()}), or a pause
 * that lasted longer than maxPause. The copy's caller decides what to leave behind.
 */
public final class ThrottleStop extends PitstopException {
    private final boolean critical;

    public ThrottleStop(boolean critical, String message) {
        super(ErrorCode.EXECUTION_FAILED, message);
        this.critical = critical;
    }

    /** True for a critical threshold: the caller removes the load it puts on the server (the sync triggers). */
    public boolean critical() {
        return critical;
    }
}
