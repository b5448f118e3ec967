package dev.pitstop.internal.throttle;

import dev.pitstop.PitstopConfig;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.internal.run.rebuild.Progress;
import dev.pitstop.internal.state.ControlStore;
import dev.pitstop.spi.Dialect;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The {@link ChunkGate} of a migration run: before every chunk and before the cut-over it reads
 * pitstop_control and the configured signals on the work connection, lets the {@link Throttler} decide,
 * and waits (polling every {@link #POLL}) or stops. The control table that cannot be read counts as a
 * signal that cannot be read: the copy waits.
 */
public final class Gate implements ChunkGate {
    /** How often a waiting copy reads the controls and signals again. */
    static final Duration POLL = Duration.ofMillis(500);

    private final ControlStore controls;
    private final Signals signals;
    private final Throttler throttler;
    private final Sleeper sleeper;
    private final Runnable restoreSession;

    /**
     * @param restoreSession puts back the session's own statement limits before the user's SQL runs (a chunk
     *     bounds its statements far tighter)
     */
    public Gate(Handle handle, Dialect dialect, PitstopConfig config, Clock clock, Sleeper sleeper,
                Runnable restoreSession) {
        this.controls = new ControlStore(handle, dialect.state());
        this.signals = new Signals(handle, dialect.throttle(), config.throttle());
        this.throttler = new Throttler(clock, config.throttle().maxPause());
        this.sleeper = sleeper;
        this.restoreSession = restoreSession;
    }

    @Override
    public Duration beforeChunk(String work, Duration chunkTime) throws InterruptedException {
        return beforeChunk(work, chunkTime, Progress.NONE);
    }

    @Override
    public Duration beforeChunk(String work, Duration chunkTime, Progress progress) throws InterruptedException {
        Controls c = await(work, false, progress);
        return c.chunkTime() == null ? chunkTime : c.chunkTime();
    }

    @Override
    public void beforeCutOver(String table) throws InterruptedException {
        await("the cut-over of " + table, true, Progress.NONE);
    }

    private Controls await(String what, boolean cutOver, Progress progress) throws InterruptedException {
        String heldBecause = null;
        while (true) {
            List<Reading> readings = new ArrayList<>();
            Controls c;
            try {
                c = controls.read();
            } catch (RuntimeException e) {
                c = Controls.NONE;
                readings.add(Reading.unreadable("pitstop_control", "the control table", Handles.cause(e)));
            }
            if (signals.readsUserSql()) {
                restoreSession.run();
            }
            if (signals.readsAny()) {
                readings.addAll(signals.read());
            }
            Throttler.Decision d = throttler.decide(what, c, readings, cutOver);
            switch (d.verdict()) {
                case GO -> {
                    if (heldBecause != null) {
                        progress.throttle(false, null);
                    }
                    return c;
                }
                case WAIT -> {
                    if (!d.reason().equals(heldBecause)) {
                        heldBecause = d.reason();
                        progress.throttle(true, heldBecause);
                    }
                    sleeper.sleep(POLL);
                }
                case STOP -> throw new ThrottleStop(d.critical(), what + " stopped: " + d.reason() + ".");
                default -> throw new IllegalStateException(String.valueOf(d.verdict()));
            }
        }
    }
}
