package dev.pitstop;

import dev.pitstop.internal.run.Engine;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running application instance as {@code contract} sees it: registered in {@code pitstop_instances}
 * with the newest migration version it bundles, host and pid, and kept alive by a heartbeat every
 * {@link PitstopConfig#heartbeatInterval()} on a daemon thread. {@link #close()} (at shutdown) stops the
 * heartbeat and deregisters; an instance that dies without closing counts as gone once it has been
 * silent for {@link PitstopConfig#instanceTimeout()}. {@code contract} refuses while a live instance
 * bundles a version older than the migration it would contract.
 */
public final class PitstopInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PitstopInstance.class);

    private final Engine engine;
    private final String id;
    private final String bundledVersion;
    private final String host;
    private final long pid;
    private final ScheduledExecutorService heartbeat;

    PitstopInstance(Engine engine, String id, String bundledVersion, String host, long pid, Duration interval) {
        this.engine = engine;
        this.id = id;
        this.bundledVersion = bundledVersion;
        this.host = host;
        this.pid = pid;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pitstop-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            engine.heartbeat(id, bundledVersion, host, pid);
        } catch (RuntimeException e) {
            // the next beat tries again; a database away for longer than instanceTimeout makes it count as gone
            LOG.warn("pitstop instance {}: heartbeat failed ({}); trying again in the next interval", id, e.getMessage());
        }
    }

    /** The instance's id in {@code pitstop_instances}. */
    public String id() {
        return id;
    }

    /** The newest migration version this instance bundles ("0" when it bundles none). */
    public String bundledVersion() {
        return bundledVersion;
    }

    /** Stops the heartbeat and deregisters: {@code contract} no longer waits for this instance. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            // a heartbeat under way would insert the row again after the delete
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            engine.deregister(id);
        } catch (RuntimeException e) {
            LOG.warn("pitstop instance {}: could not deregister ({}); it counts as gone after instanceTimeout", id,
                    e.getMessage());
        }
    }
}
