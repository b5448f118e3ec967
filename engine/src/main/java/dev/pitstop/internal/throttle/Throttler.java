package dev.pitstop.internal.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, from the controls and the signals read before a chunk, whether the copy goes on, waits or
 * stops; pure but for the injected clock, which bounds a wait by maxPause. Order: a signal above its
 * critical threshold stops; a signal that cannot be read waits (fails closed); a signal above its max
 * threshold waits; {@code pitstop pause} waits; before the cut-over, a postponed cut-over waits. Every
 * change of decision is logged once, with its reason and numbers.
 */
public final class Throttler {
    private static final Logger LOG = LoggerFactory.getLogger(Throttler.class);

    public enum Verdict { GO, WAIT, STOP }

    /**
     * @param cause what decided it, the same while the decision does not change: "go", "paused",
     *     "postponed", "max:replica lag", "unreadable:server load", "critical:server load", "too-long:..."
     * @param critical true when a critical threshold stopped it
     */
    public record Decision(Verdict verdict, String cause, String reason, boolean critical) {
    }

    private final Clock clock;
    private final Duration maxPause;
    private Instant waitingSince;
    private String lastCause = "go";

    public Throttler(Clock clock, Duration maxPause) {
        this.clock = clock;
        this.maxPause = maxPause;
    }

    /**
     * @param what the work that waits, for messages: "the copy of orders", "the cut-over of orders"
     * @param cutOver true before the cut-over: a postponed cut-over waits too
     */
    public Decision decide(String what, Controls controls, List<Reading> readings, boolean cutOver) {
        Decision d = judge(controls, readings, cutOver);
        Instant now = clock.instant();
        if (d.verdict() == Verdict.WAIT) {
            waitingSince = waitingSince == null ? now : waitingSince;
            Duration waited = Duration.between(waitingSince, now);
            if (waited.compareTo(maxPause) >= 0) {
                d = new Decision(Verdict.STOP, "too-long:" + d.cause(), what + " waited " + waited.toSeconds()
                        + " s, longer than maxPause (" + maxPause.toSeconds() + " s): " + d.reason(), false);
            }
        }
        if (!d.cause().equals(lastCause)) {
            log(what, d, now);
            lastCause = d.cause();
        }
        if (d.verdict() != Verdict.WAIT) {
            waitingSince = null;
        }
        return d;
    }

    private void log(String what, Decision d, Instant now) {
        switch (d.verdict()) {
            case GO -> LOG.info("{} goes on (waited {} ms)", what,
                    waitingSince == null ? 0 : Duration.between(waitingSince, now).toMillis());
            case WAIT -> LOG.info("{} waits: {}", what, d.reason());
            case STOP -> LOG.warn("{} stops: {}", what, d.reason());
            default -> throw new IllegalStateException(String.valueOf(d.verdict()));
        }
    }

    private static Decision judge(Controls controls, List<Reading> readings, boolean cutOver) {
        for (Reading r : readings) {
            if (r.value() != null && r.critical() != null && r.value() > r.critical()) {
                return new Decision(Verdict.STOP, "critical:" + r.signal(), r.signal() + " " + r.number(r.value())
                        + " is above its critical threshold " + r.number(r.critical()) + " (" + r.setting() + ")", true);
            }
        }
        for (Reading r : readings) {
            if (r.value() == null) {
                return new Decision(Verdict.WAIT, "unreadable:" + r.signal(), "cannot read " + r.signal() + " ("
                        + r.error() + "); waiting until it can be read (" + r.setting() + ")", false);
            }
        }
        for (Reading r : readings) {
            if (r.max() != null && r.value() > r.max()) {
                return new Decision(Verdict.WAIT, "max:" + r.signal(), r.signal() + " " + r.number(r.value())
                        + " is above " + r.number(r.max()) + " (" + r.setting() + ")", false);
            }
        }
        if (controls.pausedBy() != null) {
            return new Decision(Verdict.WAIT, "paused", "paused by `pitstop pause` (" + controls.pausedBy()
                    + "); `pitstop resume` lets it go on", false);
        }
        if (cutOver && controls.postponedBy() != null) {
            return new Decision(Verdict.WAIT, "postponed", "postponed by `pitstop postpone-cutover` ("
                    + controls.postponedBy() + "); the sync triggers keep the copy in sync; `pitstop unpostpone` lets "
                    + "it go ahead", false);
        }
        return new Decision(Verdict.GO, "go", "", false);
    }
}
