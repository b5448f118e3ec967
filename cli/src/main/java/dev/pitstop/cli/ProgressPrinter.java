package dev.pitstop.cli;

import dev.pitstop.Phase;
import dev.pitstop.event.MigrationEvent;
import dev.pitstop.event.MigrationEvent.ChunkProgress;
import dev.pitstop.event.MigrationEvent.CutOverAttempt;
import dev.pitstop.event.MigrationListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The CLI's view of a running migrate: on a terminal one progress bar per step, redrawn in place with
 * {@code \r}; elsewhere (a pipe, a CI log) a plain line every {@link #LINES_EVERY}. Both name the step,
 * rows done of the estimate, percent, rate, ETA and whether a throttle holds the copy back.
 */
final class ProgressPrinter implements MigrationListener {
    /** How {@code migrate} shows progress; {@code auto} is a bar on a terminal, lines otherwise. */
    enum Mode {
        auto, bar, lines, none
    }

    static final Duration LINES_EVERY = Duration.ofSeconds(10);
    /** A terminal is redrawn at most this often. */
    static final Duration BAR_EVERY = Duration.ofMillis(100);
    private static final int BAR_WIDTH = 24;

    private final Mode mode;
    private final PrintWriter out;
    private final Clock clock;
    private final Duration linesEvery;
    private int steps;
    private Instant lastDrawn;
    private ChunkProgress pending;
    private int drawnWidth;

    ProgressPrinter(Mode mode, PrintWriter out, Clock clock, Duration linesEvery) {
        this.mode = mode == Mode.auto ? (System.console() != null ? Mode.bar : Mode.lines) : mode;
        this.out = out;
        this.clock = clock;
        this.linesEvery = linesEvery;
    }

    Mode mode() {
        return mode;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (mode == Mode.none) {
            return;
        }
        if (event instanceof MigrationEvent.StepStarted s) {
            steps = s.steps();
        } else if (event instanceof ChunkProgress p) {
            chunk(p);
        } else if (event instanceof CutOverAttempt c) {
            endBar();
            out.println("V" + c.version() + " step " + c.stepNo() + ": cut-over of " + c.table() + ", attempt " + c.attempt()
                    + (c.succeeded() ? ": swapped" : ": gave up waiting for the lock after " + c.took().toMillis() + " ms"
                    + (c.blockers().isEmpty() ? "" : " (held by " + String.join("; ", c.blockers()) + ")") + "; retrying"));
            out.flush();
        } else if (event instanceof MigrationEvent.PhaseFinished f && f.phase() == Phase.BACKFILL
                || event instanceof MigrationEvent.MigrationFailed) {
            endBar();
        }
    }

    private void chunk(ChunkProgress p) {
        Instant now = clock.instant();
        Duration every = mode == Mode.bar ? BAR_EVERY : linesEvery;
        pending = p;
        boolean complete = p.rowsEstimated() > 0 && p.rowsDone() >= p.rowsEstimated();
        if (lastDrawn != null && Duration.between(lastDrawn, now).compareTo(every) < 0 && !complete) {
            return;
        }
        draw(p);
        lastDrawn = now;
    }

    private void draw(ChunkProgress p) {
        pending = null;
        if (mode == Mode.bar) {
            String line = bar(p, steps);
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(line(p, steps));
        }
        out.flush();
    }

    /** The last state is shown, and a bar ends its line, before anything else is printed. */
    private void endBar() {
        if (pending != null) {
            draw(pending);
        }
        if (mode == Mode.bar && drawnWidth > 0) {
            out.println();
            out.flush();
        }
        drawnWidth = 0;
        lastDrawn = null;
    }

    /** {@code V1 step 1/2 orders copy [######------]  120,000/1,000,000  12.0%  48,000 rows/s  ETA 0:00:18  running}. */
    static String bar(ChunkProgress p, int steps) {
        int filled = (int) Math.round(p.percent() / 100 * BAR_WIDTH);
        return String.format(Locale.ROOT, "V%s step %d/%d %s %s [%s%s] %,d/%,d %5.1f%% %,d rows/s ETA %s %s", p.version(),
                p.stepNo(), steps, p.table(), p.operation(), "#".repeat(filled), "-".repeat(BAR_WIDTH - filled),
                p.rowsDone(), p.rowsEstimated(), p.percent(), Math.round(p.rowsPerSecond()), eta(p.eta()), throttle(p));
    }

    /** {@code V1 step 1/2 orders: copy 120,000 of ~1,000,000 rows (12.0%), 48,000 rows/s, ETA 0:00:18, running}. */
    static String line(ChunkProgress p, int steps) {
        return String.format(Locale.ROOT, "V%s step %d/%d %s: %s %,d of ~%,d rows (%.1f%%), %,d rows/s, ETA %s, %s",
                p.version(), p.stepNo(), steps, p.table(), p.operation(), p.rowsDone(), p.rowsEstimated(), p.percent(),
                Math.round(p.rowsPerSecond()), eta(p.eta()), throttle(p));
    }

    static String eta(Duration eta) {
        if (eta == null) {
            return "-:--:--";
        }
        if (eta.toMillis() < 59_950) {
            // tenths under a minute: whole seconds would be off by half of what a short copy has left
            return String.format(Locale.ROOT, "0:00:%04.1f", eta.toMillis() / 1000.0);
        }
        long s = Math.round(eta.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String throttle(ChunkProgress p) {
        return p.throttled() ? "throttled" + (p.throttleReason() == null ? "" : " (" + p.throttleReason() + ")") : "running";
    }
}
