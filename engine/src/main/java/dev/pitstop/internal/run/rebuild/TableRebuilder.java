package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.run.BoundedRetry;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.internal.step.Rebuild;
import dev.pitstop.internal.throttle.ChunkGate;
import dev.pitstop.internal.throttle.ThrottleStop;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of an online table rebuild (DESIGN.md §3) on the work connection. Every stage reads
 * the catalog first and is safe to run again: PREPARE starts over when a previous attempt was cut
 * short, COPY resumes from its checkpoint, VERIFY repeats, CUT_OVER sees whether the swap already
 * happened, DROP_OLD drops what is still there. It stays one class: each stage is a short method over
 * the same connection, SQL and settings; the specs live in {@link RebuildSpecs}, the copy in
 * {@link ShadowCopy}, the comparison in {@link ShadowVerifier}. The dry run's rehearsal ({@link #rehearse})
 * is here too: it is PREPARE and a short COPY followed by the drop, and must stay exactly what they do.
 */
public final class TableRebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TableRebuilder.class);

    /** Where a stage keeps its checkpoint (the step's row in pitstop_steps). */
    public interface Checkpoints {
        String load();

        void save(String checkpoint);

        /** What PREPARE saved for this step ({@link #IN_PLACE} when the server made the change in place). */
        String prepared();

        /** Where the copy and the cut-over report their progress. */
        default Progress progress() {
            return Progress.NONE;
        }
    }

    /** PREPARE's checkpoint when the server made the whole change in place: the other stages have nothing to do. */
    public static final String IN_PLACE = "in-place";
    /** Saved before the in-place attempt: a run stopped right after its ALTER committed finds it on resume. */
    private static final String IN_PLACE_ATTEMPT = "in-place-attempt";
    /**
     * The copy's checkpoint once a critical threshold stopped the migration and its sync trigger was dropped:
     * rows changed since are not in the shadow, so the next run builds the shadow again and copies from the start.
     */
    static final String SYNC_DROPPED = "sync-dropped";

    /** Runs DDL that takes a lock on a busy table: under the short lock timeout, retried in its budget. */
    public interface BoundedDdl {
        void run(Sql sql) throws Exception;
    }

    private final Handle handle;
    private final Dialect dialect;
    private final RebuildSql sql;
    private final PitstopConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BoundedDdl ddl;
    private final Predicate<Exception> lockTimeout;
    private final Runnable restoreLockTimeout;
    private final RebuildSpecs specs;
    private final ChunkGate gate;
    private Progress progress = Progress.NONE;

    /**
     * @param ddl runs a statement that locks a busy table under the DDL lock timeout, retried in its budget
     * @param lockTimeout tells a lock wait that gave up (or a deadlock) from other failures
     * @param restoreLockTimeout puts back the session's own lock wait after the copy bounded it
     * @param gate asked before every chunk of the copy and before the cut-over
     */
    public TableRebuilder(Handle handle, Dialect dialect, PitstopConfig config, Clock clock, Sleeper sleeper,
                          BoundedDdl ddl, Predicate<Exception> lockTimeout, Runnable restoreLockTimeout, ChunkGate gate) {
        this.handle = handle;
        this.dialect = dialect;
        this.sql = dialect.rebuild().orElseThrow(() -> new PitstopException(ErrorCode.NOT_SUPPORTED_YET,
                "the online table rebuild is not supported on " + dialect.describe() + " yet"));
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.ddl = ddl;
        this.lockTimeout = lockTimeout;
        this.restoreLockTimeout = restoreLockTimeout;
        this.specs = new RebuildSpecs(handle, dialect, sql);
        this.gate = gate;
    }

    /**
     * @param resuming true when an earlier run started this stage and did not finish it
     */
    public void run(Rebuild rebuild, Checkpoints checkpoints, boolean resuming) throws Exception {
        progress = checkpoints.progress();
        if (rebuild.stage() != Rebuild.Stage.PREPARE && IN_PLACE.equals(checkpoints.prepared())) {
            if (rebuild.stage() == Rebuild.Stage.ABORT) {
                throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot abort the change of "
                        + specs.names(rebuild).table() + ": the server made it in place (no copy, so no old table to "
                        + "swap back). Write a migration that changes it back; nothing was changed.");
            }
            LOG.info("{}: changed in place; nothing to {}", specs.names(rebuild).table(), rebuild.stage());
            return;
        }
        switch (rebuild.stage()) {
            case PREPARE -> prepare(rebuild, checkpoints, resuming);
            case COPY, VERIFY -> {
                if (swapped(specs.names(rebuild))) {
                    LOG.info("{}: the swap already happened; nothing to {}", specs.names(rebuild).table(), rebuild.stage());
                    return;
                }
                stopCleanly(rebuild, checkpoints, () -> stage(rebuild, checkpoints));
            }
            case CUT_OVER -> stopCleanly(rebuild, checkpoints, () -> cutOver(rebuild));
            case DROP_OLD -> {
                RebuildSpec names = specs.names(rebuild);
                refuseLostRows(rebuild, names.old(), names.misfits(), "contract", "the new shape", "keeps " + names.old());
                // an abort that stopped after it pointed them at the old table
                repointForeignKeys(names);
                // the way-back trigger first: it writes into the old table
                for (Sql s : sql.dropAll(RebuildSpecs.backNames(specs.names(rebuild)))) {
                    ddl.run(s);
                }
                for (Sql s : sql.dropOld(specs.names(rebuild))) {
                    ddl.run(s);
                }
                restoreUserTriggerNames(specs.names(rebuild).table(), specs.names(rebuild).old());
            }
            case ABORT -> abort(rebuild);
            default -> throw new IllegalStateException("unknown stage " + rebuild.stage());
        }
    }

    private void stage(Rebuild rebuild, Checkpoints checkpoints) throws Exception {
        switch (rebuild.stage()) {
            case COPY -> {
                if (SYNC_DROPPED.equals(checkpoints.load())) {
                    RebuildSpec spec = specs.spec(rebuild);
                    LOG.info("{}: an earlier run stopped at a critical threshold and dropped the sync trigger; building "
                            + "the shadow again and copying from the start", spec.table());
                    createShadowAndSync(spec);
                    checkpoints.save(null);
                }
                new ShadowCopy(handle, dialect, sql, specs.spec(rebuild), config, clock, sleeper, lockTimeout,
                        this::reconcile, restoreLockTimeout, this::buildOtherIndexes, gate).run(checkpoints);
            }
            case VERIFY -> {
                RebuildSpec spec = specs.spec(rebuild);
                refuseMisfits(handle, spec, "cut over to", "The shadow stays in sync");
                new ShadowVerifier(handle, sql, spec, sleeper, this::reconcile).run();
            }
            default -> throw new IllegalStateException("not a copy stage: " + rebuild.stage());
        }
    }

    /**
     * What {@code migrate --dry-run} learns of one rebuild: the shadow and its triggers are created and checked
     * on the real table exactly as PREPARE does (but for the in-place attempt, which would change the table), a
     * sample of chunks is copied through {@code sample}, the sessions that would block the cut-over are read,
     * and then everything created is dropped, also when a stage fails.
     *
     * @param sample stops the copy (by throwing {@link SampleTaken}) once it has seen enough chunks
     * @return the sessions holding locks on the table and the notes (refusals, cautions); the sample's
     *     numbers are in {@code sample}
     */
    public Rehearsal rehearse(Rebuild prepare, Rebuild copy, Progress sample) throws Exception {
        RebuildSpec names = specs.names(prepare);
        List<String> notes = new ArrayList<>();
        if (!exists(names.table())) {
            return new Rehearsal(false, List.of(), List.of("table " + names.table() + " does not exist yet (an earlier "
                    + "pending statement creates it): not rehearsed"));
        }
        if (exists(names.shadow()) || exists(names.old())) {
            return new Rehearsal(false, List.of(), List.of((exists(names.old()) ? names.old() : names.shadow())
                    + " exists: migrate would refuse until the earlier rebuild of " + names.table() + " is contracted, aborted "
                    + "or its leftovers dropped; not rehearsed"));
        }
        List<String> problems = Handles.query(handle, sql.obstacles(names.table())).mapTo(String.class).list();
        if (!problems.isEmpty()) {
            return new Rehearsal(false, List.of(), List.of("migrate would refuse: " + String.join("; ", problems)));
        }
        if (sql.inPlace(specs.changesOnly(prepare)).isPresent()) {
            notes.add("the server may make this change in place (then no copy runs); rehearsed as an online copy");
        }
        RebuildSpec spec = specs.spec(prepare);
        if (sql.cautions(names.table()).isPresent()) {
            notes.addAll(Handles.query(handle, sql.cautions(names.table()).get()).mapTo(String.class).list());
        }
        boolean copied = false;
        try {
            for (Sql s : sql.createShadow(spec)) {
                ddl.run(s);
            }
            List<String> mismatch = sql.shadowProblems(spec).isPresent()
                    ? Handles.query(handle, sql.shadowProblems(spec).get()).mapTo(String.class).list() : List.of();
            if (!mismatch.isEmpty()) {
                notes.add("migrate would refuse: " + String.join("; ", mismatch));
            } else {
                for (Sql s : sql.installSync(spec)) {
                    ddl.run(s);
                }
                cloneUserTriggers(spec);
                Checkpoints inMemory = new Checkpoints() {
                    private String saved;

                    @Override
                    public String load() {
                        return saved;
                    }

                    @Override
                    public void save(String checkpoint) {
                        saved = checkpoint;
                    }

                    @Override
                    public String prepared() {
                        return null;
                    }

                    @Override
                    public Progress progress() {
                        return sample;
                    }
                };
                try {
                    new ShadowCopy(handle, dialect, sql, specs.spec(copy), config, clock, sleeper, lockTimeout,
                            this::reconcile, restoreLockTimeout, s -> { }, ChunkGate.NONE).run(inMemory);
                } catch (SampleTaken enough) {
                    // the sample is complete; the rest of the copy is not needed
                }
                copied = true;
            }
            return new Rehearsal(copied, Handles.query(handle, sql.blockers(spec.table())).mapTo(String.class).list(), notes);
        } finally {
            restoreLockTimeout.run();
            dropRehearsal(spec);
        }
    }

    /** Drops what a rehearsal created; when a drop cannot get its lock, says what is left and how to drop it. */
    private void dropRehearsal(RebuildSpec spec) throws Exception {
        for (Sql s : sql.dropAll(spec)) {
            try {
                ddl.run(s);
            } catch (Exception e) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the dry run could not remove what it created on "
                        + spec.table() + ": " + Handles.cause(e) + ". Its sync trigger still copies writes into "
                        + spec.shadow() + "; end the sessions holding " + spec.table() + " and run: " + String.join("; ",
                        sql.dropAll(spec).stream().map(Sql::text).toList()), e);
            }
        }
    }

    /** What a rehearsal found besides the sample's numbers. */
    public record Rehearsal(boolean copied, List<String> blockers, List<String> notes) {
    }

    /** Thrown by a rehearsal's {@link Progress} to end the copy once the sample is taken. */
    public static final class SampleTaken extends RuntimeException {
        public SampleTaken() {
            super("sample taken", null, false, false);
        }
    }

    /** True when the cut-over already swapped the tables (e.g. its connection was lost after the commit). */
    private boolean swapped(RebuildSpec names) {
        return exists(names.old()) && !exists(names.shadow());
    }

    private void prepare(Rebuild rebuild, Checkpoints checkpoints, boolean resuming) throws Exception {
        RebuildSpec names = specs.names(rebuild);
        if (IN_PLACE.equals(checkpoints.prepared())) {
            LOG.info("{}: already changed in place", names.table());
            return;
        }
        if (!exists(names.table())) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "table " + names.table() + " does not exist");
        }
        if (!resuming && (exists(names.shadow()) || exists(names.old()))) {
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, exists(names.old())
                    ? names.old() + " exists: an earlier rebuild of " + names.table() + " keeps the old table until its "
                    + "migration is contracted (or aborted). Run contract (or abort) first, or rebuild " + names.table()
                    + " once per migration; nothing was changed."
                    : "leftovers of another online rebuild of " + names.table() + " exist (" + names.shadow() + "); Pitstop "
                    + "does not touch what it did not start. If no rebuild is running, drop them: "
                    + String.join("; ", sql.dropAll(names).stream().map(Sql::text).toList()));
        }
        if (!exists(names.shadow()) && sql.inPlace(specs.changesOnly(rebuild)).isPresent()) {
            boolean again = IN_PLACE_ATTEMPT.equals(checkpoints.prepared());
            checkpoints.save(IN_PLACE_ATTEMPT);
            boolean done;
            try {
                done = changedInPlace(specs.changesOnly(rebuild), again);
            } catch (Exception e) {
                // the server answered: nothing was committed, so a rerun is a first attempt again
                checkpoints.save(null);
                throw e;
            }
            if (done) {
                checkpoints.save(IN_PLACE);
                return;
            }
        }
        List<String> problems = Handles.query(handle, sql.obstacles(names.table())).mapTo(String.class).list();
        if (!problems.isEmpty()) {
            throw RebuildSpecs.notYet(names.table(), String.join("; ", problems));
        }
        RebuildSpec spec = specs.spec(rebuild);
        if (sql.cautions(names.table()).isPresent()) {
            for (String caution : Handles.query(handle, sql.cautions(names.table()).get()).mapTo(String.class).list()) {
                LOG.warn("{}: {}", names.table(), caution);
            }
        }
        createShadowAndSync(spec);
        LOG.info("{}: shadow {} created in the new shape; the sync triggers keep it in sync", spec.table(), spec.shadow());
    }

    /** Drops what an earlier attempt left, creates the shadow and installs the sync trigger (and the user's triggers). */
    private void createShadowAndSync(RebuildSpec spec) throws Exception {
        for (Sql s : sql.dropAll(spec)) {
            ddl.run(s);
        }
        for (Sql s : sql.createShadow(spec)) {
            ddl.run(s);
        }
        if (sql.shadowProblems(spec).isPresent()) {
            List<String> mismatch = Handles.query(handle, sql.shadowProblems(spec).get()).mapTo(String.class).list();
            if (!mismatch.isEmpty()) {
                for (Sql s : sql.dropAll(spec)) {
                    ddl.run(s);
                }
                throw RebuildSpecs.notYet(spec.table(), String.join("; ", mismatch) + ", so rows of the old and the new shape could not "
                        + "be matched safely. Change the key in a migration of its own (or keep its type)");
            }
        }
        for (Sql s : sql.installSync(spec)) {
            ddl.run(s);
        }
        cloneUserTriggers(spec);
    }

    /** A stage of the copy that {@link ChunkGate} may stop. */
    @FunctionalInterface
    private interface Stage {
        void run() throws Exception;
    }

    /**
     * Runs a stage before the swap; when a critical threshold stops it, the load the rebuild adds goes: the
     * sync trigger (every application write paid for it) and the shadow. The checkpoint says so first, so a
     * run killed in between still knows: the next migrate builds the shadow again and copies from the start,
     * because the writes made while no trigger ran are not in the old shadow.
     */
    private void stopCleanly(Rebuild rebuild, Checkpoints checkpoints, Stage stage) throws Exception {
        try {
            stage.run();
        } catch (ThrottleStop stop) {
            if (!stop.critical()) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, stop.getMessage() + " Nothing is lost: the sync "
                        + "trigger keeps the shadow of " + specs.names(rebuild).table() + " in sync and the copy is "
                        + "checkpointed; run `pitstop resume` if it was paused, then migrate again.", stop);
            }
            RebuildSpec names = specs.names(rebuild);
            checkpoints.save(SYNC_DROPPED);
            try {
                for (Sql s : sql.dropAll(names)) {
                    ddl.run(s);
                }
            } catch (Exception e) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, stop.getMessage() + " Dropping the sync trigger "
                        + "and the shadow " + names.shadow() + " failed too (" + Handles.cause(e) + "), so " + names.table()
                        + " may still carry the trigger's writes; the table is unchanged. Run migrate again once the "
                        + "load is down: it drops them, builds the shadow again and copies from the start (or run abort "
                        + "to drop them now).", e);
            }
            LOG.warn("{}: the sync trigger and the shadow {} are dropped", names.table(), names.shadow());
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, stop.getMessage() + " The sync trigger and the shadow "
                    + names.shadow() + " are dropped, so " + names.table() + " carries no extra writes; the table is "
                    + "unchanged. Run migrate again once the load is down: it builds the shadow again and copies from the "
                    + "start.", stop);
        }
    }

    /** Tries the whole change in place under the short lock wait; false (nothing changed) when the server cannot. */
    private boolean changedInPlace(RebuildSpec spec, boolean again) throws Exception {
        ddl.run(sql.inPlace(spec, again).orElseThrow());
        if (Handles.query(handle, sql.inPlaceResult()).mapTo(Integer.class).one() != 1) {
            LOG.info("{}: the server cannot make this change in place; rebuilding it online", spec.table());
            return false;
        }
        LOG.info("{}: changed in place ({}); no copy needed", spec.table(), sql.inPlace(spec, again).get().text());
        return true;
    }

    private void cutOver(Rebuild rebuild) throws Exception {
        RebuildSpec names = specs.names(rebuild);
        if (swapped(names)) {
            LOG.info("{}: the swap already happened", names.table());
            afterSwap(rebuild);
            return;
        }
        gate.beforeCutOver(names.table());
        RebuildSpec spec = specs.spec(rebuild);
        RebuildSpec back = specs.back(spec);
        if (sql.installsWayBackBeforeSwap()) {
            // the user's triggers first: once the table moves out, the way-back writes must not fire them
            guardUserTriggers(spec, false);
            for (Sql s : sql.installSync(back)) {
                ddl.run(s);
            }
        }
        underSwapLock(spec, "cut-over of " + spec.table(), true, "The copy is complete and kept in sync by the trigger; "
                + "end those sessions (or wait for them) and run migrate again to retry the cut-over.", h -> {
                    sql.reconcile(spec).forEach(s -> Handles.execute(h, s));
                    refuseMisfits(h, spec, "cut over to", "The shadow stays in sync");
                    refuseObstacles(h, spec.table());
                    swap(h, spec);
                    if (!sql.installsWayBackBeforeSwap()) {
                        // in the same transaction: no write to the new table is missed by the old one
                        sql.installSync(back).forEach(s -> Handles.execute(h, s));
                    }
                });
        if (sql.keepsOldTableInSync()) {
            LOG.info("{}: swapped in the new shape; the old rows stay in {}, kept in sync, until contract (abort swaps "
                    + "them back)", spec.table(), spec.old());
        } else {
            LOG.info("{}: swapped in the new shape; the old rows stay in {} as they were at the cut-over, until contract",
                    spec.table(), spec.old());
        }
        afterSwap(rebuild);
    }

    /**
     * What follows a swap, also when a resumed run finds it done: trigger names, child foreign keys, lost
     * rows, foreign key validation.
     */
    private void afterSwap(Rebuild rebuild) throws Exception {
        RebuildSpec names = specs.names(rebuild);
        restoreUserTriggerNames(names.table(), names.old());
        repointForeignKeys(names);
        refuseLostRows(rebuild, names.old(), names.misfits(), "go on", "the new shape", "keeps " + names.old());
        validateForeignKeys(names.table());
    }

    /**
     * Where the swap is not atomic with the last check (MySQL: RENAME is its own statement), a write in
     * between whose value did not convert is in the table moved out only ({@code movedOut}, its key in
     * {@code misfits}): name those rows, and keep that table until they are repaired.
     */
    private void refuseLostRows(Rebuild rebuild, String movedOut, String misfits, String verb, String shape, String kept) {
        RebuildSpec names = specs.names(rebuild);
        if (!exists(movedOut) || !exists(misfits)) {
            return;
        }
        // the way back (abort) keeps a misfit's stale row: any key still recorded there is a row lost
        boolean back = misfits.equals(RebuildSpecs.backNames(names).misfits());
        RebuildSpec after = new RebuildSpec(movedOut, names.table(), names.table(), names.tombstones(), misfits,
                names.syncFunction(), names.syncTrigger(), specs.spec(rebuild, movedOut).key(), List.of(), List.of(), back);
        List<String> lost = Handles.query(handle, sql.misfits(after)).mapTo(String.class).list();
        if (!lost.isEmpty()) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "cannot " + verb + ": rows written to " + names.table()
                    + " during its swap did not convert to " + shape + " and are only in " + movedOut + " (keys "
                    + String.join(", ", lost) + "). Copy them into " + names.table() + " in a form that fits, then run "
                    + verb + " again; Pitstop " + kept + " until then.");
        }
    }

    /** Child foreign keys that followed the table moving out ({@code swapped.old()}) point at the table again. */
    private void repointForeignKeys(RebuildSpec swapped) throws Exception {
        if (sql.repointForeignKeys(swapped).isEmpty()) {
            return;
        }
        List<String> statements = Handles.query(handle, sql.repointForeignKeys(swapped).get()).mapTo(String.class).list();
        if (statements.isEmpty()) {
            return;
        }
        Handles.execute(handle, sql.foreignKeyChecks(false));
        try {
            for (String statement : statements) {
                LOG.info("{}: {}", swapped.table(), statement);
                ddl.run(Sql.of(statement));
            }
        } finally {
            Handles.execute(handle, sql.foreignKeyChecks(true));
        }
    }

    /**
     * Before a swap where the swap cannot disable them (MySQL): the user's triggers on the table are
     * replaced by their guarded copies on the other table, under a lock of the table, so that the way-back
     * writes into it after the swap do not fire them again. Guarded, they behave the same for every other
     * writer.
     */
    private void guardUserTriggers(RebuildSpec spec, boolean copyFirst) throws Exception {
        if (sql.guardUserTriggers(spec).isEmpty()) {
            return;
        }
        RebuildSpec onto = new RebuildSpec(spec.table(), spec.shadow(), spec.old(), spec.tombstones(), spec.misfits(),
                spec.syncFunction(), spec.syncTrigger(), spec.key(), spec.columns(), List.of(), false);
        // nothing to do when the table has no user triggers (to copy, or copied already)
        Sql anyTrigger = copyFirst ? sql.cloneUserTriggers(onto).orElseThrow() : sql.guardUserTriggers(spec).get();
        if (Handles.query(handle, anyTrigger).mapTo(String.class).list().isEmpty()) {
            return;
        }
        // both tables locked: no write opens the other table while its triggers change
        ddl.run(sql.lockTables(List.of(spec.table(), spec.shadow())).orElseThrow());
        try {
            if (copyFirst) {
                Handles.query(handle, sql.cloneUserTriggers(onto).get()).mapTo(String.class).list().forEach(handle::execute);
            }
            Handles.query(handle, sql.guardUserTriggers(spec).get()).mapTo(String.class).list().forEach(handle::execute);
        } finally {
            Handles.execute(handle, sql.unlockTables());
        }
    }

    /** Work inside a swap's transaction, once both tables are locked. */
    @FunctionalInterface
    private interface LockedWork {
        void run(Handle h) throws Exception;
    }

    /**
     * The cut-over and the swap back: the work runs in one transaction under the short lock of
     * {@code cutOverLockTimeout}, retried with backoff and jitter within {@code cutOverBudget}. Before each
     * attempt the sessions holding the table are logged (and the tombstones reconciled, when asked);
     * giving up names them.
     */
    private void underSwapLock(RebuildSpec spec, String what, boolean reconcileFirst, String then, LockedWork work)
            throws Exception {
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.cutOverBudget(), Duration.ofMillis(500),
                Duration.ofSeconds(5));
        List<String> blockers = new ArrayList<>();
        int[] attempts = {0};
        try {
            retry.run(() -> {
                if (reconcileFirst) {
                    reconcile(spec);
                }
                blockers.clear();
                blockers.addAll(Handles.query(handle, sql.blockers(spec.table())).mapTo(String.class).list());
                if (!blockers.isEmpty()) {
                    LOG.info("{}: before {}, sessions holding locks on it: {}", spec.table(), what, blockers);
                }
                List<String> children = Handles.query(handle, sql.childTables(spec.table())).mapTo(String.class).list();
                int attempt = ++attempts[0];
                Instant tried = clock.instant();
                try {
                    handle.useTransaction(h -> {
                        sql.lockForCutOver(spec, config.cutOverLockTimeout(), children).forEach(s -> Handles.execute(h, s));
                        work.run(h);
                    });
                } catch (Exception e) {
                    progress.cutOverAttempt(spec.table(), attempt, blockers, false, Duration.between(tried, clock.instant()));
                    throw e;
                }
                progress.cutOverAttempt(spec.table(), attempt, blockers, true, Duration.between(tried, clock.instant()));
                return null;
            }, lockTimeout, (e, attempt) -> LOG.warn("{}: {}, attempt {} could not get the lock within {} ms; retrying",
                    spec.table(), what, attempt, config.cutOverLockTimeout().toMillis()));
        } catch (BoundedRetry.GaveUp e) {
            if (blockers.isEmpty()) {
                // read before the last attempt; a session that began just before it may only be old enough to count now
                try {
                    blockers.addAll(Handles.query(handle, sql.blockers(spec.table())).mapTo(String.class).list());
                } catch (RuntimeException unreadable) {
                    LOG.debug("{}: the sessions holding locks could not be read again", spec.table(), unreadable);
                }
            }
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, what + " gave up after " + e.attempts() + " attempts in "
                    + e.waited().toSeconds() + " s (lock wait up to " + config.cutOverLockTimeout().toMillis()
                    + " ms each, cutOverBudget " + config.cutOverBudget().toSeconds() + " s); blocked by "
                    + (blockers.isEmpty() ? "sessions that ended before they could be named" : String.join("; ", blockers))
                    + ". " + then, e.last());
        } finally {
            // MySQL sets the lock wait on the session
            restoreLockTimeout.run();
        }
    }

    /**
     * Renames the table moving out and the one moving in, and moves across what binds by OID; inside the
     * caller's transaction, which holds both tables' locks.
     */
    private void swap(Handle h, RebuildSpec spec) {
        List<String> afterSwap = new ArrayList<>();
        for (Sql query : sql.beforeSwap(spec)) {
            afterSwap.addAll(Handles.query(h, query).mapTo(String.class).list());
        }
        sql.swap(spec).forEach(s -> Handles.execute(h, s));
        afterSwap.forEach(h::execute);
        for (Sql query : sql.carryOver(spec)) {
            for (String statement : Handles.query(h, query).mapTo(String.class).list()) {
                h.execute(statement);
            }
        }
    }

    /**
     * Undoes the rebuild. Before the cut-over the original never stopped being the table: the shadow and
     * the trigger go. After it, the old table (kept in sync by the way-back trigger) is swapped back under
     * the same bounded, retried lock as the cut-over, and the new one goes; a row written since that does
     * not fit the old shape makes it refuse instead, naming the row.
     */
    private void abort(Rebuild rebuild) throws Exception {
        RebuildSpec names = specs.names(rebuild);
        RebuildSpec backNames = RebuildSpecs.backNames(names);
        if (!swapped(names)) {
            // before the cut-over, or after a swap back that was stopped before it finished: the new shape is
            // under the shadow's name then (what follows finds nothing to do before a cut-over)
            afterSwapBack(rebuild, backNames);
            for (Sql s : sql.dropAll(names)) {
                ddl.run(s);
            }
            if (!exists(names.old())) {
                for (Sql s : sql.dropAll(backNames)) {
                    ddl.run(s);
                }
            }
            LOG.info("{}: the shadow and the sync trigger are dropped; the table is in its old shape", names.table());
            // an abort that swapped back and was stopped before it validated the foreign keys it re-created
            validateForeignKeys(names.table());
            return;
        }
        if (!sql.keepsOldTableInSync()) {
            throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot abort the rebuild of " + names.table()
                    + " after its cut-over on " + dialect.describe() + ": the old table " + names.old() + " is not kept in "
                    + "sync there yet, so swapping it back would lose the writes made since. Write a new migration "
                    + "that changes the table back; nothing was changed.");
        }
        RebuildSpec back = specs.back(specs.spec(rebuild, names.old()));
        // refuse before anything changes (checked again under the lock)
        refuseMisfits(handle, back, "swap back to", "The old table stays in sync");
        refuseObstacles(handle, back.table());
        if (sql.installsWayBackBeforeSwap()) {
            // the user's triggers go back with the old table: copied onto it (guarded), then guarded here
            guardUserTriggers(back, true);
            // child foreign keys go back with it too: pointed at the old table (kept in sync) before the swap
            repointForeignKeys(new RebuildSpec(names.old(), names.table(), names.table(), "", "", "", "", List.of(),
                    List.of(), List.of(), false));
        }
        underSwapLock(back, "swapping " + back.table() + " back", false, "The old table is still kept in sync; end those "
                + "sessions (or wait for them) and run abort again.", h -> {
                    refuseMisfits(h, back, "swap back to", "The old table stays in sync");
                    refuseObstacles(h, back.table());
                    swap(h, back);
                    if (!sql.installsWayBackBeforeSwap()) {
                        sql.dropAll(names).forEach(s -> Handles.execute(h, s));
                        sql.dropAll(backNames).forEach(s -> Handles.execute(h, s));
                    }
                });
        afterSwapBack(rebuild, backNames);
        for (Sql s : sql.dropAll(names)) {
            ddl.run(s);
        }
        for (Sql s : sql.dropAll(backNames)) {
            ddl.run(s);
        }
        LOG.info("{}: swapped back to its old shape; the new one is dropped", back.table());
        validateForeignKeys(back.table());
    }

    /**
     * After a swap back, before the new shape (now under the shadow's name, {@code backNames.old()}) is
     * dropped: trigger names, child foreign keys, and rows that exist only in it.
     */
    private void afterSwapBack(Rebuild rebuild, RebuildSpec backNames) throws Exception {
        restoreUserTriggerNames(backNames.table(), backNames.old());
        repointForeignKeys(backNames);
        refuseLostRows(rebuild, backNames.old(), backNames.misfits(), "abort", "the old shape",
                "keeps the new shape in " + backNames.old());
    }

    private void cloneUserTriggers(RebuildSpec spec) throws Exception {
        if (sql.cloneUserTriggers(spec).isPresent()) {
            for (String statement : Handles.query(handle, sql.cloneUserTriggers(spec).get()).mapTo(String.class).list()) {
                ddl.run(Sql.of(statement));
            }
        }
    }

    /**
     * After a swap (and at contract): the user's triggers copied onto the table that moved in take their
     * names back, under one lock of both tables ({@code other}: the one that moved out, when it is there).
     */
    private void restoreUserTriggerNames(String table, String other) throws Exception {
        RebuildSpec names = new RebuildSpec(table, other, other, "", "", "", "", List.of(), List.of(), List.of(), false);
        if (sql.restoreUserTriggerNames(names).isEmpty()) {
            return;
        }
        List<String> statements = Handles.query(handle, sql.restoreUserTriggerNames(names).get()).mapTo(String.class).list();
        if (statements.isEmpty()) {
            return;
        }
        List<String> locked = exists(other) ? List.of(table, other) : List.of(table);
        ddl.run(sql.lockTables(locked).orElseThrow());
        try {
            statements.forEach(handle::execute);
        } finally {
            Handles.execute(handle, sql.unlockTables());
        }
        LOG.info("{}: its triggers have their names back", table);
    }

    /**
     * Refuses the swap when rows of the table could not be converted into the shape of the other one (the
     * sync trigger kept their keys instead of failing the writer): swapping would lose them.
     */
    private void refuseMisfits(Handle h, RebuildSpec spec, String verb, String then) {
        List<String> misfits = Handles.query(h, sql.misfits(spec)).mapTo(String.class).list();
        if (!misfits.isEmpty()) {
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot " + verb + " the " + (spec.reverse() ? "old"
                    : "new") + " shape of " + spec.table() + ": rows written to it do not convert to that shape"
                    + (spec.reverse() ? " (or collide with a row that did not, or moved away from one: write or delete "
                    + "those keys again once the others fit)" : "") + ", so " + spec.shadow() + " lacks them (keys "
                    + String.join(", ", misfits) + "). Change or delete those rows so that they convert" + (spec.reverse() ? ""
                    : ", or change the migration") + ". " + then + "; nothing was swapped.");
        }
    }

    /** Views, rules and the like created since PREPARE that the swap cannot move. */
    private void refuseObstacles(Handle h, String table) {
        List<String> problems = Handles.query(h, sql.obstacles(table)).mapTo(String.class).list();
        if (!problems.isEmpty()) {
            throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot swap " + table + " now: "
                    + String.join("; ", problems) + ". Nothing was swapped; remove the obstacle and run again.");
        }
    }

    private void validateForeignKeys(String table) throws Exception {
        for (String statement : Handles.query(handle, sql.validateForeignKeys(table)).mapTo(String.class).list()) {
            ddl.run(Sql.of(statement));
        }
    }

    /**
     * Builds the original's other indexes on the filled shadow, CONCURRENTLY so the sync trigger's writes
     * go on. First every transaction that was open when the copy ended must finish and the tombstones be
     * reconciled: then no row the copy resurrected is left to collide with a unique index. A unique build
     * that still fails is dropped and tried again after another reconcile.
     */
    private void buildOtherIndexes(RebuildSpec spec) throws Exception {
        if (Handles.query(handle, sql.secondaryIndexes(spec)).mapTo(String.class).list().isEmpty()
                && Handles.query(handle, sql.invalidIndexes(spec)).mapTo(String.class).list().isEmpty()) {
            return;
        }
        Timestamp copyEnd = Handles.query(handle, sql.now()).mapTo(Timestamp.class).one();
        Instant deadline = clock.instant().plus(config.ddlRetryBudget());
        long older;
        while ((older = Handles.query(handle, sql.transactionsOlderThan(copyEnd.toInstant())).mapTo(Long.class).one()) > 0
                && clock.instant().isBefore(deadline)) {
            LOG.info("{}: waiting for {} transaction(s) older than the copy before building the other indexes",
                    spec.table(), older);
            sleeper.sleep(Duration.ofMillis(500));
        }
        for (int attempt = 1; ; attempt++) {
            reconcile(spec);
            Handles.execute(handle, dialect.lockTimeout(config.ddlRetryBudget()));
            try {
                for (String drop : Handles.query(handle, sql.invalidIndexes(spec)).mapTo(String.class).list()) {
                    handle.execute(drop);
                }
                for (String create : Handles.query(handle, sql.secondaryIndexes(spec)).mapTo(String.class).list()) {
                    LOG.info("{}: {}", spec.table(), create);
                    handle.execute(create);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !(isUniqueViolation(e) || lockTimeout.test(e))) {
                    throw e;
                }
                LOG.warn("{}: building an index on the shadow failed ({}); reconciling and trying again", spec.table(),
                        e.getMessage());
            } finally {
                restoreLockTimeout.run();
            }
        }
    }

    private static boolean isUniqueViolation(Exception e) {
        SQLException s = Handles.sqlException(e);
        return s != null && "23505".equals(s.getSQLState());
    }

    /** Removes rows the copy resurrected; in REPEATABLE READ so it fails instead of acting on rows changed since its snapshot. */
    int reconcile(RebuildSpec spec) throws Exception {
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(50),
                Duration.ofSeconds(1));
        Handles.execute(handle, dialect.lockTimeout(config.chunkTime()));
        try {
            return retry.run(() -> handle.inTransaction(sql.reconcilesInReadCommitted()
                    ? TransactionIsolationLevel.READ_COMMITTED : TransactionIsolationLevel.REPEATABLE_READ,
                    h -> {
                        int removed = 0;
                        for (Sql s : sql.reconcile(spec)) {
                            removed = Handles.execute(h, s);
                        }
                        return removed;
                    }), e -> isSerialization(e) || lockTimeout.test(e), (e, n) -> {
            });
        } finally {
            restoreLockTimeout.run();
        }
    }

    private static boolean isSerialization(Exception e) {
        SQLException s = Handles.sqlException(e);
        return s != null && "40001".equals(s.getSQLState());
    }

    private boolean exists(String table) {
        return Handles.query(handle, sql.exists(table)).mapTo(Integer.class).findFirst().isPresent();
    }

}
