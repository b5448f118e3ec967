package dev.pitstop;

import dev.pitstop.internal.run.Engine;
import dev.pitstop.internal.run.Sleeper;
import java.time.Clock;

/**
 * The facade: {@code Pitstop.configure().dataSource(ds).load().migrate()}. Every front end (CLI, Maven
 * plugin, application startup) goes through these methods; each returns a result record or throws a
 * {@link PitstopException} whose {@link ErrorCode} says what kind of failure it was.
 */
public final class Pitstop {
    private final PitstopConfig config;
    private final Engine engine;

    Pitstop(PitstopConfig config) {
        this.config = config;
        this.engine = new Engine(config, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public static PitstopConfig.Builder configure() {
        return new PitstopConfig.Builder();
    }

    public PitstopConfig config() {
        return config;
    }

    /** Runs EXPAND and BACKFILL of every pending migration, in version order; resumes a failed or interrupted one. */
    public MigrateResult migrate() {
        return engine.migrate();
    }

    /**
     * Undoes the latest migration that is not contracted yet (expanded, failed or interrupted): an online
     * rebuild swaps the old table back (it was kept in sync since the cut-over) or drops its shadow. The
     * migration is pending again afterwards.
     */
    public AbortResult abort() {
        return engine.abort(null);
    }

    /** Like {@link #abort()}, refusing unless {@code version} is the migration it would undo. */
    public AbortResult abort(String version) {
        return engine.abort(version);
    }

    /**
     * Runs CONTRACT of every expanded migration; refuses, naming them, while a live registered instance
     * ({@link #register()}) bundles a version older than one of them.
     */
    public ContractResult contract() {
        return engine.contract(false);
    }

    /** {@link #contract()}, going ahead (with a warning naming them) despite live instances of an older version. */
    public ContractResult contract(boolean force) {
        return engine.contract(force);
    }

    /**
     * Registers this application instance with the newest migration version it bundles, host and pid, and
     * keeps it alive with a heartbeat until {@link PitstopInstance#close()}: {@code contract} waits for it
     * while it bundles an older version than the migration being contracted. Call it once at startup,
     * after {@link #migrate()}, and close it at shutdown.
     */
    public PitstopInstance register() {
        String id = java.util.UUID.randomUUID().toString();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown";
        }
        long pid = ProcessHandle.current().pid();
        String bundled = engine.register(id, host, pid);
        return new PitstopInstance(engine, id, bundled, host, pid, config.heartbeatInterval());
    }

    /**
     * Pauses the copy of a running migration (here or on any machine) before its next chunk; the sync
     * triggers keep syncing. Stays set, also for later runs, until {@link #resume()}. At most
     * {@code maxPause} (default 24 h), then that run stops, resumable.
     */
    public ControlResult pause() {
        return engine.control(dev.pitstop.internal.state.ControlStore.PAUSE, "true");
    }

    /** Lets a paused copy go on. */
    public ControlResult resume() {
        return engine.control(dev.pitstop.internal.state.ControlStore.PAUSE, null);
    }

    /**
     * Holds the cut-over of rebuilt tables: the copy and verification finish, then the cut-over waits (the
     * sync triggers keep the shadow in sync) until {@link #unpostponeCutOver()}, at most {@code maxPause}.
     */
    public ControlResult postponeCutOver() {
        return engine.control(dev.pitstop.internal.state.ControlStore.POSTPONE_CUTOVER, "true");
    }

    /** Lets a postponed cut-over go ahead. */
    public ControlResult unpostponeCutOver() {
        return engine.control(dev.pitstop.internal.state.ControlStore.POSTPONE_CUTOVER, null);
    }

    /**
     * Changes the chunk time of the running copy (and of later runs) from its next chunk; null goes back to
     * the configured {@code chunkTime}.
     */
    public ControlResult chunkTime(java.time.Duration chunkTime) {
        if (chunkTime != null && (chunkTime.isNegative() || chunkTime.isZero())) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "chunk time must be a positive duration, got " + chunkTime);
        }
        return engine.control(dev.pitstop.internal.state.ControlStore.CHUNK_TIME,
                chunkTime == null ? null : chunkTime.toMillis() + "ms");
    }

    /**
     * Rehearses {@link #migrate()} on the real server: every online table rebuild of the pending migrations
     * creates and checks its shadow table and triggers, copies a sample of chunks, and reads the sessions that
     * would block its cut-over; then everything it created is dropped. The result gives the expected duration
     * (the sample's rate over the estimated rows) and what would block. History is not written; other steps
     * are described, not run. Note the sync triggers fire on the application's writes while the sample runs
     * (a few seconds per table).
     */
    public DryRunResult dryRun() {
        return engine.dryRun();
    }

    /** What {@link #migrate()} would run, step by step; changes nothing. */
    public PlanResult plan() {
        return engine.plan();
    }

    /**
     * The compatibility checker, connected: the pending migrations are checked as {@link #migrate()} checks them
     * first, including the data checks ({@code unique-on-duplicates}, {@code not-null-on-nulls}) on the live
     * tables. Changes nothing; a refusal is a finding of the result, not an exception.
     */
    public CheckResult check() {
        return engine.check();
    }

    /** Every migration, from the files and the history. */
    public StatusResult status() {
        return engine.status();
    }

    /** Marks {@code version} and every file up to it as applied on a database Pitstop has not migrated yet. */
    public BaselineResult baseline(String version) {
        return engine.baseline(version);
    }
}
