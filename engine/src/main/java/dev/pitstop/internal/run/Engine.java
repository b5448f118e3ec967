package dev.pitstop.internal.run;

import dev.pitstop.AbortResult;
import dev.pitstop.AppliedMigration;
import dev.pitstop.BaselineResult;
import dev.pitstop.CheckResult;
import dev.pitstop.ContractResult;
import dev.pitstop.ControlResult;
import dev.pitstop.DryRunResult;
import dev.pitstop.DryRunStep;
import dev.pitstop.ErrorCode;
import dev.pitstop.MigrateResult;
import dev.pitstop.MigrationInfo;
import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.PlanResult;
import dev.pitstop.PlannedAction;
import dev.pitstop.PlannedMigration;
import dev.pitstop.PlannedStep;
import dev.pitstop.StatusResult;
import dev.pitstop.StepProgressInfo;
import dev.pitstop.internal.state.StepRow;
import dev.pitstop.internal.load.MigrationLoader;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.internal.plan.Plan;
import dev.pitstop.internal.plan.Planner;
import dev.pitstop.internal.state.HistoryRow;
import dev.pitstop.internal.state.ControlStore;
import dev.pitstop.internal.state.HistoryStore;
import dev.pitstop.internal.state.MigrationLock;
import dev.pitstop.internal.step.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The commands behind the facade. Every command reads the files and plans the pending migrations
 * before it changes anything, so bad SQL, an unsupported statement or a changed file leave the database
 * as it was; commands that write hold the migration lock for their whole run. It stays one class: each public
 * method is one command's sequence (read, plan, check, lock, run) over the same few helpers; the checker's
 * wiring is {@link CompatibilityGate}, running a migration's steps {@link Migrator}.
 */
public final class Engine {
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Instances instances;
    private final CompatibilityGate compatibility;

    public Engine(PitstopConfig config, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.instances = new Instances(config);
        this.compatibility = new CompatibilityGate(config);
    }

    public MigrateResult migrate() {
        List<MigrationScript> scripts = loadScripts();
        return withLock((db, work, lock) -> {
            HistoryStore store = new HistoryStore(work, db.dialect().state());
            List<HistoryRow> rows = store.read();
            refuseWhileAborting(rows, "migrate");
            Map<MigrationVersion, HistoryRow> byVersion = byVersion(rows);
            List<MigrationScript> pending = pending(scripts, rows);
            List<Plan> plans = plan(db, pending);
            compatibility.refuseWhatBreaks(db, work, scripts, pending, "migrate");
            List<AppliedMigration> applied = new ArrayList<>();
            if (!plans.isEmpty()) {
                store.createTables();
                new ControlStore(work, db.dialect().state()).create();
                Migrator migrator = new Migrator(db, work, config, clock, sleeper, lock::assertHeld);
                for (Plan plan : plans) {
                    applied.add(migrator.expand(plan, byVersion.get(plan.script().version())));
                }
            }
            return new MigrateResult(db.describe(), applied);
        });
    }

    public ContractResult contract(boolean force) {
        List<MigrationScript> scripts = loadScripts();
        return withLock((db, work, lock) -> {
            HistoryStore store = new HistoryStore(work, db.dialect().state());
            List<HistoryRow> rows = store.read();
            refuseWhileAborting(rows, "contract");
            validate(scripts, rows);
            instances.refuseWhileOlderLive(db, work, rows, force);
            Map<MigrationVersion, MigrationScript> files = new TreeMap<>();
            scripts.forEach(s -> files.put(s.version(), s));
            Migrator migrator = new Migrator(db, work, config, clock, sleeper, lock::assertHeld);
            Planner planner = new Planner(db.dialect().parserFlavor());
            List<AppliedMigration> done = new ArrayList<>();
            for (HistoryRow row : rows) {
                if (row.state() == MigrationState.EXPANDED) {
                    MigrationScript script = files.get(row.version());
                    if (script == null) {
                        throw new PitstopException(ErrorCode.VALIDATION_FAILED, "V" + row.version() + " (" + row.script()
                                + ") waits for contract but its file is not in the locations " + config.locations()
                                + "; restore the file and run contract again");
                    }
                    done.add(migrator.contract(planner.plan(script)));
                }
            }
            return new ContractResult(db.describe(), done);
        });
    }

    /**
     * Undoes the latest migration that is not completed (expanded, failed or interrupted), or the given
     * version, which must be that one: migrations are undone newest first.
     */
    public AbortResult abort(String versionText) {
        MigrationVersion wanted;
        try {
            wanted = versionText == null || versionText.isBlank() ? null : MigrationVersion.parse(versionText);
        } catch (IllegalArgumentException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "abort: " + e.getMessage());
        }
        List<MigrationScript> scripts = loadScripts();
        return withLock((db, work, lock) -> {
            HistoryStore store = new HistoryStore(work, db.dialect().state());
            List<HistoryRow> rows = store.exists() ? store.read() : List.of();
            HistoryRow latest = rows.stream().filter(r -> r.state() != MigrationState.BASELINE)
                    .max((a, b) -> a.version().compareTo(b.version())).orElse(null);
            if (latest == null || latest.state() == MigrationState.COMPLETED) {
                if (wanted != null) {
                    throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot abort V" + wanted + ": "
                            + (latest == null ? "no migration of " + db.describe() + " has run"
                            : "the latest migration, V" + latest.version() + ", is completed") + "; abort undoes only a "
                            + "migration that is not contracted yet. Nothing was changed.");
                }
                return new AbortResult(db.describe(), List.of());
            }
            if (wanted != null && !wanted.equals(latest.version())) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot abort V" + wanted + ": V" + latest.version()
                        + " ran after it and is " + latest.state() + "; abort undoes the latest migration first (abort V"
                        + latest.version() + " first). Nothing was changed.");
            }
            MigrationScript script = scripts.stream().filter(x -> x.version().equals(latest.version())).findFirst()
                    .orElseThrow(() -> new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot abort V" + latest.version()
                            + " (" + latest.script() + "): its file is not in the locations " + config.locations()
                            + "; restore the file and run abort again. Nothing was changed."));
            if (!script.checksum().equals(latest.checksum())) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, script.origin() + " changed after V"
                        + script.version() + " ran: checksum recorded " + latest.checksum() + ", file now "
                        + script.checksum() + ". Restore the file as it ran, then abort; nothing was changed.");
            }
            Plan plan = new Planner(db.dialect().parserFlavor()).plan(script);
            Migrator migrator = new Migrator(db, work, config, clock, sleeper, lock::assertHeld);
            return new AbortResult(db.describe(), List.of(migrator.abort(plan, latest)));
        });
    }

    public PlanResult plan() {
        List<MigrationScript> scripts = loadScripts();
        try (Database db = Database.connect(config)) {
            Handle work = db.open();
            List<HistoryRow> rows = new HistoryStore(work, db.dialect().state()).read();
            List<PlannedMigration> out = new ArrayList<>();
            LiveCatalog catalog = new LiveCatalog(work, db.dialect());
            List<MigrationScript> pending = pending(scripts, rows);
            List<Plan> plans = plan(db, pending);
            compatibility.refuseWhatBreaks(db, work, scripts, pending, "plan");
            for (Plan plan : plans) {
                Plan resolved = new Plan(plan.script(), plan.steps().stream()
                        .map(step -> step.resolve(catalog, db.dialect(), null)).toList());
                refuseWhatCannotRunOnline(resolved, catalog, db);
                out.add(describe(db, resolved));
            }
            return new PlanResult(db.describe(), out);
        }
    }

    /**
     * {@code migrate --dry-run}: plans the pending migrations as migrate does, rehearses every online table
     * rebuild on the server and removes what the rehearsal created. Holds the migration lock, so no run
     * starts meanwhile; writes no history. Migrations that started earlier (failed or interrupted) are
     * refused: their objects are in use.
     */
    public DryRunResult dryRun() {
        List<MigrationScript> scripts = loadScripts();
        return withLock((db, work, lock) -> {
            List<HistoryRow> rows = new HistoryStore(work, db.dialect().state()).read();
            refuseWhileAborting(rows, "migrate --dry-run");
            Map<MigrationVersion, HistoryRow> byVersion = byVersion(rows);
            List<MigrationScript> pending = pending(scripts, rows);
            for (MigrationScript s : pending) {
                HistoryRow row = byVersion.get(s.version());
                if (row != null) {
                    throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot dry-run V" + s.version() + ": it started "
                            + "earlier and is " + row.state() + ", so its objects are in use. Run migrate to resume it (or abort "
                            + "it); nothing was changed.");
                }
            }
            List<Plan> plans = plan(db, pending);
            compatibility.refuseWhatBreaks(db, work, scripts, pending, "migrate --dry-run");
            LiveCatalog catalog = new LiveCatalog(work, db.dialect());
            DryRun dryRun = new DryRun(new ActionExecutor(db, work, config, clock, sleeper), clock);
            List<DryRunStep> steps = new ArrayList<>();
            for (Plan plan : plans) {
                Plan resolved = new Plan(plan.script(), plan.steps().stream()
                        .map(step -> step.resolve(catalog, db.dialect(), null)).toList());
                refuseWhatCannotRunOnline(resolved, catalog, db);
                for (int i = 0; i < resolved.steps().size(); i++) {
                    Step step = resolved.steps().get(i);
                    lock.assertHeld();
                    try {
                        steps.add(dryRun.rehearse(plan.script(), i + 1, step, step.actions(db.dialect())));
                    } catch (PitstopException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the dry run of V" + plan.script().version()
                                + " step " + (i + 1) + " (" + plan.script().name() + ":" + step.source().line() + ") failed: "
                                + ActionExecutor.cause(e) + ". What it created is dropped; history is untouched.", e);
                    }
                }
            }
            return new DryRunResult(db.describe(), steps);
        });
    }

    public StatusResult status() {
        List<MigrationScript> scripts = loadScripts();
        try (Database db = Database.connect(config)) {
            Handle work = db.open();
            Map<MigrationVersion, MigrationInfo> all = new TreeMap<>();
            for (MigrationScript s : scripts) {
                all.put(s.version(), new MigrationInfo(s.version().toString(), s.description(), s.name(), null,
                        MigrationState.PENDING, null, null, null, true));
            }
            HistoryStore store = new HistoryStore(work, db.dialect().state());
            List<StepProgressInfo> progress = new ArrayList<>();
            for (HistoryRow r : store.read()) {
                all.put(r.version(), new MigrationInfo(r.version().toString(), r.description(), r.script(), r.phase(),
                        r.state(), r.startedAt(), r.finishedAt(), r.error(), all.containsKey(r.version())));
                if (r.state() == MigrationState.RUNNING || r.state() == MigrationState.FAILED) {
                    for (StepRow step : store.steps(r.version())) {
                        StoredProgress p = StoredProgress.parse(step.checkpoint());
                        if (p != null && step.phase() == Phase.BACKFILL) {
                            progress.add(new StepProgressInfo(r.version().toString(), step.stepNo(), step.kind(),
                                    step.phase(), step.state(), p.rowsDone(), p.rowsEstimated(), p.rowsPerSecond(), p.eta(),
                                    p.throttled(), step.updatedAt()));
                        }
                    }
                }
            }
            return new StatusResult(db.describe(), List.copyOf(all.values()), progress,
                    new ControlStore(work, db.dialect().state()).describe());
        }
    }

    public BaselineResult baseline(String versionText) {
        MigrationVersion version;
        try {
            version = MigrationVersion.parse(versionText);
        } catch (IllegalArgumentException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "baseline: " + e.getMessage());
        }
        return withLock((db, work, lock) -> {
            HistoryStore store = new HistoryStore(work, db.dialect().state());
            List<HistoryRow> rows = store.read();
            if (!rows.isEmpty()) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot baseline " + db.describe()
                        + ": pitstop_history already records " + rows.size() + " migration(s), the last V"
                        + rows.get(rows.size() - 1).version() + ". Baseline is for a database Pitstop has not migrated yet.");
            }
            store.createTables();
            store.insert(version, "<< baseline >>", "<< baseline >>", "", Phase.CONTRACT, MigrationState.BASELINE,
                    config.installedBy());
            store.update(version, Phase.CONTRACT, MigrationState.BASELINE, "", 0, null);
            return new BaselineResult(db.describe(), version.toString());
        });
    }

    /**
     * Registers an application instance (see {@code PitstopInstance}) with the newest version among its
     * migration files; returns that version ("0" when there are none).
     */
    public String register(String instanceId, String host, long pid) {
        String bundled = loadScripts().stream().map(MigrationScript::version).max(MigrationVersion::compareTo)
                .map(MigrationVersion::toString).orElse("0");
        instances.heartbeat(instanceId, bundled, host, pid, true);
        return bundled;
    }

    public void heartbeat(String instanceId, String bundledVersion, String host, long pid) {
        instances.heartbeat(instanceId, bundledVersion, host, pid, false);
    }

    public void deregister(String instanceId) {
        instances.deregister(instanceId);
    }

    /**
     * Sets ({@code value} not null) or clears one control in pitstop_control, creating the table when needed.
     * Takes no migration lock: the run it steers holds it.
     */
    public ControlResult control(String name, String value) {
        try (Database db = Database.connect(config)) {
            Handle work = db.open();
            Handles.execute(work, db.dialect().lockTimeout(config.ddlLockTimeout()));
            ControlStore store = new ControlStore(work, db.dialect().state());
            try {
                store.create();
                if (value == null) {
                    store.clear(name);
                } else {
                    store.set(name, value, config.installedBy() + "@" + host());
                }
            } catch (RuntimeException e) {
                java.sql.SQLException s = Handles.sqlException(e);
                if (s == null || !db.dialect().isLockTimeout(s)) {
                    throw e;
                }
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "setting the control " + name + " in pitstop_control "
                        + "waited longer than ddlLockTimeout (" + config.ddlLockTimeout().toMillis() + " ms): another session "
                        + "holds its row or the table. Nothing was changed; end that session (or wait) and run it again.", e);
            }
            return new ControlResult(db.describe(), name, value);
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        }
    }

    /** An abort that was stopped part-way leaves the schema between two shapes: only abort may go on. */
    private static void refuseWhileAborting(List<HistoryRow> rows, String command) {
        for (HistoryRow row : rows) {
            if (row.state() == MigrationState.ABORTING) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot " + command + ": the abort of V"
                        + row.version() + " started and did not finish. Run abort again to finish it; nothing was changed.");
            }
        }
    }

    private List<MigrationScript> loadScripts() {
        return new MigrationLoader(config.classLoader()).load(config.locations());
    }

    private <T> T withLock(LockedCommand<T> body) {
        try (Database db = Database.connect(config)) {
            Handle lockHandle = db.open();
            Handle work = secondConnection(db);
            BoundedRetry poll = new BoundedRetry(clock, sleeper, config.lockWait(), Duration.ofMillis(100),
                    Duration.ofSeconds(2));
            try (MigrationLock lock = MigrationLock.acquire(lockHandle, db.dialect().lock(), "pitstop:" + db.schema(),
                    poll, config.lockWait())) {
                return body.apply(db, work, lock);
            }
        }
    }

    @FunctionalInterface
    private interface LockedCommand<T> {
        T apply(Database db, Handle work, MigrationLock lock);
    }

    /** The work connection, beside the one holding the lock: a pool of one gives none, and the message says so. */
    private static Handle secondConnection(Database db) {
        try {
            return db.open();
        } catch (PitstopException e) {
            throw new PitstopException(e.code(), "Pitstop needs two connections at once (one holds the migration lock, "
                    + "one does the work) and the second could not be had: " + e.getMessage()
                    + ". Give the pool at least two connections.", e);
        }
    }

    /** Validates applied files and returns the files still to run (including failed or interrupted ones). */
    private List<MigrationScript> pending(List<MigrationScript> scripts, List<HistoryRow> rows) {
        validate(scripts, rows);
        Map<MigrationVersion, HistoryRow> byVersion = byVersion(rows);
        MigrationVersion baseline = rows.stream().filter(r -> r.state() == MigrationState.BASELINE)
                .map(HistoryRow::version).max(MigrationVersion::compareTo).orElse(null);
        MigrationVersion lastApplied = rows.stream().filter(r -> r.state().isApplied() && r.state() != MigrationState.BASELINE)
                .map(HistoryRow::version).max(MigrationVersion::compareTo).orElse(null);
        List<MigrationScript> pending = new ArrayList<>();
        for (MigrationScript s : scripts) {
            HistoryRow row = byVersion.get(s.version());
            if (row != null && row.state().isApplied() || baseline != null && s.version().compareTo(baseline) <= 0) {
                continue;
            }
            if (row == null && lastApplied != null && s.version().compareTo(lastApplied) < 0) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, s.origin() + " (V" + s.version() + ") is not applied "
                        + "but V" + lastApplied + " already is; Pitstop applies migrations in version order. Give it a version "
                        + "above " + lastApplied + "; nothing was changed.");
            }
            pending.add(s);
        }
        return pending;
    }

    /** Refuses when a migration that took effect has a file whose content changed, as Flyway does. */
    private static void validate(List<MigrationScript> scripts, List<HistoryRow> rows) {
        Map<MigrationVersion, HistoryRow> byVersion = byVersion(rows);
        for (MigrationScript s : scripts) {
            HistoryRow row = byVersion.get(s.version());
            if (row != null && row.state().isApplied() && row.state() != MigrationState.BASELINE
                    && !row.checksum().equals(s.checksum())) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, s.origin() + " changed after V" + s.version()
                        + " was applied: checksum applied " + row.checksum() + ", file now " + s.checksum()
                        + ". Restore the file as it was applied, and put the change in a new migration; nothing was changed.");
            }
        }
    }

    private static Map<MigrationVersion, HistoryRow> byVersion(List<HistoryRow> rows) {
        Map<MigrationVersion, HistoryRow> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.version(), r));
        return map;
    }

    /**
     * Plans every pending file and computes every step's actions, so a statement the dialect cannot put in
     * its online form is refused here, before anything runs.
     */
    private static List<Plan> plan(Database db, List<MigrationScript> pending) {
        Planner planner = new Planner(db.dialect().parserFlavor());
        List<Plan> plans = pending.stream().map(planner::plan).toList();
        for (Plan plan : plans) {
            for (Step step : plan.steps()) {
                try {
                    step.actions(db.dialect());
                } catch (IllegalArgumentException e) {
                    throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, plan.script().name() + ":"
                            + step.source().line() + ": " + e.getMessage() + ". Nothing was changed.");
                }
            }
        }
        return plans;
    }

    /**
     * {@code check} connected: the pending files are checked against the schema the files before them replay to,
     * and against the live data (duplicates before a unique key, NULLs before NOT NULL). Changes nothing and
     * takes no lock; a statement Pitstop cannot run is a finding, as offline.
     */
    public CheckResult check() {
        List<MigrationScript> scripts = loadScripts();
        try (Database db = Database.connect(config)) {
            Handle work = db.open();
            List<HistoryRow> rows = new HistoryStore(work, db.dialect().state()).read();
            List<MigrationScript> pending = pending(scripts, rows);
            // a migration already under way has its own objects in place: migrate does not ask again whether its
            // steps can start, and neither does the checker
            Set<MigrationVersion> started = byVersion(rows).keySet();
            Set<String> fresh = pending.stream().filter(s -> !started.contains(s.version())).map(MigrationScript::name)
                    .collect(Collectors.toSet());
            return compatibility.check(db, work, fresh, scripts, pending, "check");
        }
    }

    /** The refusals the live schema already decides (a step on a table an earlier pending step creates waits for migrate). */
    private static void refuseWhatCannotRunOnline(Plan plan, LiveCatalog catalog, Database db) {
        for (Step step : plan.steps()) {
            String refusal = step.refusal(catalog, db.dialect());
            if (refusal != null) {
                throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, plan.script().name() + ":" + step.source().line()
                        + ": " + refusal + ". Nothing was changed.");
            }
        }
    }

    private static PlannedMigration describe(Database db, Plan plan) {
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            List<PlannedAction> actions = step.actions(db.dialect()).stream()
                    .map(a -> new PlannedAction(a.phase(), a.description(), a.sql().text())).toList();
            steps.add(new PlannedStep(i + 1, step.kind(), plan.script().name() + ":" + step.source().line(),
                    step.source().text(), actions));
        }
        MigrationScript s = plan.script();
        return new PlannedMigration(s.version().toString(), s.description(), s.name(), steps);
    }
}
