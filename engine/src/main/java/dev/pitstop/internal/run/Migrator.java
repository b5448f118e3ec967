package dev.pitstop.internal.run;

import dev.pitstop.AppliedMigration;
import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.event.MigrationEvent;
import dev.pitstop.event.MigrationListener;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.plan.Plan;
import dev.pitstop.internal.run.rebuild.Progress;
import dev.pitstop.internal.run.rebuild.TableRebuilder;
import dev.pitstop.internal.state.HistoryRow;
import dev.pitstop.internal.state.HistoryStore;
import dev.pitstop.internal.state.StepRow;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Catalog;
import dev.pitstop.internal.step.RebuildTableStep;
import dev.pitstop.internal.step.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the phases of planned migrations, one step at a time, recording each step's state in
 * pitstop_steps so that a run killed at any point resumes where it stopped: a step recorded as done is
 * skipped (its statement must not have changed); a step that was started and not recorded is checked
 * against the catalog and either recorded as done or cleaned up and run again. It stays one class: expand,
 * backfill, contract and abort share the step bookkeeping (history, checkpoints, memos) that makes them resumable.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** How often abort asks a step what is left to undo before it calls the step stuck. */
    private static final int MAX_ABORT_ROUNDS = 5;

    private final Database database;
    private final HistoryStore history;
    private final ActionExecutor executor;
    private final Catalog catalog;
    private final PitstopConfig config;
    private final Clock clock;
    private final Runnable lockCheck;
    private final Map<String, Step> resolved = new HashMap<>();
    private final MigrationListener listener;

    /**
     * @param lockCheck throws when the migration lock is no longer held (its connection died); asked before every step
     */
    Migrator(Database database, Handle work, PitstopConfig config, Clock clock, Sleeper sleeper, Runnable lockCheck) {
        this.database = database;
        this.history = new HistoryStore(work, database.dialect().state());
        this.executor = new ActionExecutor(database, work, config, clock, sleeper);
        this.catalog = new LiveCatalog(work, database.dialect());
        this.config = config;
        this.clock = clock;
        this.lockCheck = lockCheck;
        this.listener = config.listener();
    }

    /** Runs EXPAND and BACKFILL of one pending (or failed, or interrupted) migration. */
    AppliedMigration expand(Plan plan, HistoryRow existing) {
        MigrationScript script = plan.script();
        Instant start = clock.instant();
        refuseChangedDoneSteps(plan);
        if (existing == null) {
            history.insert(script.version(), script.description(), script.name(), script.checksum(), Phase.EXPAND,
                    MigrationState.RUNNING, config.installedBy());
        } else {
            history.update(script.version(), Phase.EXPAND, MigrationState.RUNNING, script.checksum(), 0, null);
        }
        listener.onEvent(new MigrationEvent.MigrationStarted(script.version().toString(), script.description(), "migrate",
                plan.steps().size()));
        // step by step in file order, each step's EXPAND then its BACKFILL: a statement after a rebuild sees the new shape
        for (int stepNo = 1; stepNo <= plan.steps().size(); stepNo++) {
            int no = stepNo;
            Instant stepStart = stepStarted(plan, no);
            reportingFailure(plan, Phase.EXPAND, no, start, () -> runPhase(plan, Phase.EXPAND, start, no));
            reportingFailure(plan, Phase.BACKFILL, no, start, () -> runPhase(plan, Phase.BACKFILL, start, no));
            listener.onEvent(new MigrationEvent.StepFinished(script.version().toString(), stepNo,
                    Duration.between(stepStart, clock.instant())));
        }
        boolean contractPending = false;
        for (int stepNo = 1; stepNo <= plan.steps().size(); stepNo++) {
            Step step = resolved(plan, stepNo);
            contractPending |= step.undoableUntilContract() || step.actions(database.dialect()).stream()
                    .anyMatch(a -> a.phase() == Phase.CONTRACT);
        }
        MigrationState state = contractPending ? MigrationState.EXPANDED : MigrationState.COMPLETED;
        Duration took = Duration.between(start, clock.instant());
        history.update(script.version(), contractPending ? Phase.BACKFILL : Phase.CONTRACT, state, script.checksum(),
                took.toMillis(), null);
        LOG.info("V{} {}: {} in {} ms", script.version(), script.description(), state, took.toMillis());
        listener.onEvent(new MigrationEvent.MigrationFinished(script.version().toString(), state, took));
        return new AppliedMigration(script.version().toString(), script.description(), state, plan.steps().size(), took);
    }

    /** Runs CONTRACT of an expanded migration. */
    AppliedMigration contract(Plan plan) {
        MigrationScript script = plan.script();
        Instant start = clock.instant();
        history.update(script.version(), Phase.CONTRACT, MigrationState.RUNNING, script.checksum(), 0, null);
        listener.onEvent(new MigrationEvent.MigrationStarted(script.version().toString(), script.description(), "contract",
                plan.steps().size()));
        for (int stepNo = 1; stepNo <= plan.steps().size(); stepNo++) {
            int no = stepNo;
            Instant stepStart = stepStarted(plan, no);
            reportingFailure(plan, Phase.CONTRACT, no, start, () -> runPhase(plan, Phase.CONTRACT, start, no));
            listener.onEvent(new MigrationEvent.StepFinished(script.version().toString(), stepNo,
                    Duration.between(stepStart, clock.instant())));
        }
        Duration took = Duration.between(start, clock.instant());
        history.update(script.version(), Phase.CONTRACT, MigrationState.COMPLETED, script.checksum(), took.toMillis(), null);
        listener.onEvent(new MigrationEvent.MigrationFinished(script.version().toString(), MigrationState.COMPLETED, took));
        return new AppliedMigration(script.version().toString(), script.description(), MigrationState.COMPLETED,
                plan.steps().size(), took);
    }

    /**
     * Undoes an expanded (or failed, or interrupted) migration whose contract has not run: every step that
     * started, last first. Every step is checked first, so a step abort cannot undo yet leaves the
     * database as it was. The migration is then forgotten: it is pending again.
     */
    AppliedMigration abort(Plan plan, HistoryRow before) {
        MigrationScript script = plan.script();
        Instant start = clock.instant();
        List<StepRow> rows = history.steps(script.version());
        if (rows.stream().anyMatch(r -> r.phase() == Phase.CONTRACT)) {
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot abort V" + script.version() + ": its contract "
                    + "phase has run, and what it dropped cannot be brought back. Write a new migration instead; nothing "
                    + "was changed.");
        }
        List<Integer> started = rows.stream().map(StepRow::stepNo).filter(n -> n <= plan.steps().size()).distinct()
                .sorted(java.util.Comparator.reverseOrder()).toList();
        for (int stepNo : started) {
            Step step = undoable(plan, stepNo);
            if (step.abortActions(database.dialect()) == null || resolved(plan, stepNo).abortActions(database.dialect()) == null) {
                throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, script.name() + ":" + step.source().line()
                        + ": abort does not support a " + step.kind() + " step yet, and step " + stepNo + " of V"
                        + script.version() + " has run. Undo it with a new migration instead; nothing was changed.");
            }
            if (TableRebuilder.IN_PLACE.equals(preparedCheckpoint(script, stepNo))) {
                throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, script.name() + ":" + step.source().line()
                        + ": step " + stepNo + " of V" + script.version() + " was made in place by the server (no copy, so no "
                        + "old table to swap back), and abort cannot undo it. Undo it with a new migration instead; nothing "
                        + "was changed.");
            }
            String refusal = step.abortRefusal(catalog, database.dialect(), preparedCheckpoint(script, stepNo));
            if (refusal != null) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot abort V" + script.version() + ": step "
                        + stepNo + " (" + script.name() + ":" + step.source().line() + ", " + step.kind() + "): " + refusal
                        + ". Nothing was undone.");
            }
        }
        history.update(script.version(), Phase.EXPAND, MigrationState.ABORTING, script.checksum(), 0,
                "abort started; run abort again if it did not finish");
        boolean undoneAny = false;
        for (int stepNo : started) {
            lockCheck.run();
            Step step = undoable(plan, stepNo);
            String memo = preparedCheckpoint(script, stepNo);
            List<Action> actions = step.remainingAbortActions(catalog, database.dialect(), memo);
            if (actions == null) {
                // a step without a catalog-driven abort undoes in the form it ran, with what it remembered
                for (Action action : resolved(plan, stepNo).abortActions(database.dialect())) {
                    undo(plan, before, started, stepNo, step, action, undoneAny);
                }
            }
            for (int round = 1; actions != null && !actions.isEmpty(); round++) {
                if (round > MAX_ABORT_ROUNDS) {
                    throw new PitstopException(ErrorCode.EXECUTION_FAILED, "abort of V" + script.version() + " stopped at "
                            + "step " + stepNo + " (" + script.name() + ":" + step.source().line() + "): it is still not undone "
                            + "after " + MAX_ABORT_ROUNDS + " rounds (left: " + actions.stream().map(Action::description).toList()
                            + "). Look at the objects named there and run abort again.");
                }
                for (Action action : actions) {
                    LOG.info("abort of V{} step {}: {}", script.version(), stepNo, action.description());
                    undo(plan, before, started, stepNo, step, action, undoneAny);
                }
                actions = step.remainingAbortActions(catalog, database.dialect(), memo);
            }
            undoneAny = true;
        }
        history.delete(script.version());
        Duration took = Duration.between(start, clock.instant());
        LOG.info("V{} {}: aborted in {} ms; it is pending again", script.version(), script.description(), took.toMillis());
        return new AppliedMigration(script.version().toString(), script.description(), MigrationState.PENDING,
                started.size(), took);
    }

    private Instant stepStarted(Plan plan, int stepNo) {
        Step step = plan.steps().get(stepNo - 1);
        listener.onEvent(new MigrationEvent.StepStarted(plan.script().version().toString(), stepNo, plan.steps().size(),
                step.kind(), step.source().text().replaceAll("\\s+", " ").trim()));
        return clock.instant();
    }

    /** Runs a phase; its failure is reported to the listener before it propagates. */
    private void reportingFailure(Plan plan, Phase phase, int stepNo, Instant start, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            listener.onEvent(new MigrationEvent.MigrationFailed(plan.script().version().toString(), phase, stepNo,
                    String.valueOf(e.getMessage()), Duration.between(start, clock.instant())));
            throw e;
        }
    }

    /** Runs one action of abort; a failure says which step stopped the abort and what is undone. */
    private void undo(Plan plan, HistoryRow before, List<Integer> started, int stepNo, Step step, Action action,
                      boolean undoneAny) {
        MigrationScript script = plan.script();
        try {
            int n = stepNo;
            executor.run(step, action, catalog, new TableRebuilder.Checkpoints() {
                @Override
                public String load() {
                    return null;
                }

                @Override
                public void save(String checkpoint) {
                    // an abort keeps no progress of its own: every stage reads the catalog
                }

                @Override
                public String prepared() {
                    return preparedCheckpoint(script, n);
                }
            }, true);
        } catch (ActionExecutor.ActionFailed | RuntimeException e) {
            if (!undoneAny && e instanceof PitstopException p && (p.code() == ErrorCode.VALIDATION_FAILED
                    || p.code() == ErrorCode.NOT_SUPPORTED_YET) && before.state() != MigrationState.ABORTING) {
                // refused before it changed anything: the migration stands as it was
                history.update(script.version(), before.phase(), before.state(), script.checksum(),
                        before.executionMs(), before.error());
            }
            String why = e instanceof ActionExecutor.ActionFailed || e instanceof PitstopException ? e.getMessage()
                    : ActionExecutor.cause(e);
            ErrorCode code = e instanceof PitstopException p ? p.code() : ErrorCode.EXECUTION_FAILED;
            throw new PitstopException(code, "abort of V" + script.version() + " stopped at step " + stepNo + " ("
                    + script.name() + ":" + step.source().line() + ", " + action.description() + "): " + why
                    + (started.get(0) == stepNo ? "" : " Steps after it are undone.")
                    + (code == ErrorCode.NOT_SUPPORTED_YET ? "" : " Run abort again once the cause is fixed."),
                    e instanceof ActionExecutor.ActionFailed ? e.getCause() : e);
        }
    }

    /**
     * The step in the form abort undoes: a rebuild as it resolved, any other step as planned (the resolved form
     * of merged ALTER TABLE statements leaves out the parts already in place, which are exactly what abort undoes).
     */
    private Step undoable(Plan plan, int stepNo) {
        Step step = resolved(plan, stepNo);
        if (step.kind().equals(RebuildTableStep.KIND)) {
            return step;
        }
        // as planned, with what it remembered before its expand (a default, a nullability) for abort to put back
        String remembered = preparedCheckpoint(plan.script(), stepNo);
        Step planned = plan.steps().get(stepNo - 1);
        return remembered == null ? planned : planned.recall(remembered);
    }

    /** A step that already ran must not have changed: checked before anything is written. */
    private void refuseChangedDoneSteps(Plan plan) {
        List<StepRow> rows = history.exists() ? history.steps(plan.script().version()) : List.of();
        for (StepRow row : rows) {
            if (row.done() && row.stepNo() <= plan.steps().size()) {
                Step step = plan.steps().get(row.stepNo() - 1);
                if (!row.statementHash().equals(StatementHash.of(step.source().text()))) {
                    throw changedDoneStep(plan.script(), row.stepNo(), step);
                }
            } else if (row.done()) {
                throw new PitstopException(ErrorCode.VALIDATION_FAILED, plan.script().origin() + ": step " + row.stepNo()
                        + " of V" + plan.script().version() + " already ran but the file now has only "
                        + plan.steps().size() + " statement(s). Restore the statements that ran and put the change in a "
                        + "new migration file; nothing was changed.");
            }
        }
    }

    /**
     * The step in the form it runs against the live schema; a step a previous run recorded keeps the kind
     * it started as, so a resumed rebuild stays a rebuild after its table changed shape.
     */
    private Step resolved(Plan plan, int stepNo) {
        String key = plan.script().version() + "#" + stepNo;
        return resolved.computeIfAbsent(key, k -> {
            String recordedKind = history.steps(plan.script().version()).stream().filter(r -> r.stepNo() == stepNo)
                    .map(StepRow::kind).findFirst().orElse(null);
            Step step = plan.steps().get(stepNo - 1).resolve(catalog, database.dialect(), recordedKind);
            String remembered = preparedCheckpoint(plan.script(), stepNo);
            return remembered == null ? step : step.recall(remembered);
        });
    }

    /** Runs one phase of one step, unless it is recorded as done. */
    private void runPhase(Plan plan, Phase phase, Instant start, int stepNo) {
        MigrationScript script = plan.script();
        StepRow before = history.steps(script.version()).stream()
                .filter(r -> r.stepNo() == stepNo && r.phase() == phase).findFirst().orElse(null);
        Step step = resolved(plan, stepNo);
        List<Action> actions = new ArrayList<>();
        for (Action a : step.actions(database.dialect())) {
            if (a.phase() == phase) {
                actions.add(a);
            }
        }
        if (actions.isEmpty()) {
            if (phase == Phase.EXPAND) {
                // a step that waits for contract (a drop) is still refused now, while nothing of it has run
                refuse(plan, phase, start, stepNo, step);
            }
            return;
        }
        String hash = StatementHash.of(step.source().text());
        if (before != null && before.done()) {
            if (!before.statementHash().equals(hash)) {
                throw changedDoneStep(script, stepNo, step);
            }
            return;
        }
        if (before != null && "RUNNING".equals(before.state()) && before.statementHash().equals(hash)
                && step.alreadyApplied(catalog, phase)) {
            LOG.info("V{} step {} ({}) was interrupted after it took effect; recording it as done",
                    script.version(), stepNo, step.kind());
            history.step(script.version(), stepNo, phase, step.kind(), hash, "DONE");
            return;
        }
        if (before != null && phase == Phase.BACKFILL && before.checkpoint() != null && !before.statementHash().equals(hash)) {
            // chunks of the statement as it was are committed: finishing with another statement would mix the two
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, script.origin() + ":" + step.source().line() + ": step "
                    + stepNo + " of V" + script.version() + " ran part of its backfill (" + before.checkpoint() + ") as the "
                    + "statement was then, and the statement changed since. Restore it to finish the backfill, or run abort "
                    + "and then change it; nothing was changed.");
        }
        boolean resuming = before != null;
        if (step.refusalApplies(phase, resuming)) {
            refuse(plan, phase, start, stepNo, step);
        }
        lockCheck.run();
        history.step(script.version(), stepNo, phase, step.kind(), hash, "RUNNING");
        if (phase == Phase.EXPAND && (before == null || before.checkpoint() == null)) {
            // no action of the step has run yet: what abort needs to know of the schema as it was (a step
            // uses one of the two forms)
            String memo = undoable(plan, stepNo).memo(catalog, database.dialect());
            if (memo != null) {
                history.saveCheckpoint(script.version(), stepNo, phase, memo);
            }
            String remembered = step.remember(catalog);
            if (remembered != null) {
                history.saveCheckpoint(script.version(), stepNo, phase, remembered);
                step = step.recall(remembered);
                resolved.put(script.version() + "#" + stepNo, step);
            }
        }
        int n = stepNo;
        StepProgress progress = new StepProgress(listener, clock, script.version().toString(), stepNo);
        TableRebuilder.Checkpoints checkpoints = new TableRebuilder.Checkpoints() {
            @Override
            public String load() {
                return history.steps(script.version()).stream().filter(r -> r.stepNo() == n && r.phase() == phase)
                        .findFirst().map(StepRow::checkpoint).orElse(null);
            }

            @Override
            public void save(String checkpoint) {
                history.saveCheckpoint(script.version(), n, phase, progress.withReading(checkpoint));
            }

            @Override
            public Progress progress() {
                return progress;
            }

            @Override
            public String prepared() {
                return preparedCheckpoint(script, n);
            }
        };
        listener.onEvent(new MigrationEvent.PhaseStarted(script.version().toString(), stepNo, phase));
        Instant phaseStart = clock.instant();
        for (Action action : actions) {
            try {
                executor.run(step, action, catalog, checkpoints, resuming);
            } catch (ActionExecutor.ActionFailed | RuntimeException e) {
                history.step(script.version(), stepNo, phase, step.kind(), hash, "FAILED");
                throw failed(plan, phase, stepNo, step, action, e, start);
            }
        }
        history.step(script.version(), stepNo, phase, step.kind(), hash, "DONE");
        listener.onEvent(new MigrationEvent.PhaseFinished(script.version().toString(), stepNo, phase,
                Duration.between(phaseStart, clock.instant())));
    }

    /** Records the migration as FAILED and throws when the step cannot run online against the schema as it is. */
    private void refuse(Plan plan, Phase phase, Instant start, int stepNo, Step step) {
        MigrationScript script = plan.script();
        String refusal = step.refusal(catalog, database.dialect());
        if (refusal != null) {
            String message = script.name() + ":" + step.source().line() + ": " + refusal + ". Nothing of step "
                    + stepNo + " ran; V" + script.version() + " is recorded as FAILED" + (stepNo > 1
                    ? " with steps 1.." + (stepNo - 1) + " applied" : "") + ". Change the statement and run migrate again.";
            history.update(script.version(), phase, MigrationState.FAILED, script.checksum(),
                    Duration.between(start, clock.instant()).toMillis(), truncate(message));
            throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, message);
        }
    }

    /** The checkpoint the EXPAND phase of a step saved (a rebuild's PREPARE), or null. */
    private String preparedCheckpoint(MigrationScript script, int stepNo) {
        return history.steps(script.version()).stream().filter(r -> r.stepNo() == stepNo && r.phase() == Phase.EXPAND)
                .findFirst().map(StepRow::checkpoint).orElse(null);
    }

    /** Records the failure and says where the run stopped, what is left, and how to continue. */
    private PitstopException failed(Plan plan, Phase phase, int stepNo, Step step, Action action, Exception e,
                                    Instant start) {
        MigrationScript script = plan.script();
        String why = e instanceof ActionExecutor.ActionFailed || e instanceof PitstopException ? e.getMessage()
                : ActionExecutor.cause(e);
        boolean leftovers = e instanceof ActionExecutor.ActionFailed f && f.leftovers();
        String done = phase == Phase.CONTRACT
                ? (stepNo == 1 ? "No contract step has run" : "The contract of steps 1.." + (stepNo - 1) + " has run")
                : phase == Phase.BACKFILL && stepNo == 1 ? "The " + Phase.EXPAND + " phase of step 1 has run"
                : (stepNo == 1 ? "No step of this migration has run" : "Steps 1.." + (stepNo - 1) + " of this migration have run")
                + (phase == Phase.BACKFILL ? ", and the " + Phase.EXPAND + " phase of step " + stepNo : "");
        String message = "V" + script.version() + " failed in " + phase + " at step " + stepNo + " of "
                + plan.steps().size() + " (" + script.name() + ":" + step.source().line() + ", " + action.description()
                + "): " + why + (why.endsWith(".") ? " " : ". ") + done + "; V" + script.version() + " is recorded as FAILED and "
                + (leftovers ? "step " + stepNo + " left an unfinished object that the next run removes first"
                        : "what step " + stepNo + " finished is kept") + ". Fix the cause (or the statement) and run "
                + "migrate again: it resumes at step " + stepNo + ".";
        history.update(script.version(), phase, MigrationState.FAILED, script.checksum(),
                Duration.between(start, clock.instant()).toMillis(), truncate(message));
        ErrorCode code = e instanceof PitstopException p ? p.code() : ErrorCode.EXECUTION_FAILED;
        return new PitstopException(code, message, e instanceof ActionExecutor.ActionFailed ? e.getCause() : e);
    }

    private static PitstopException changedDoneStep(MigrationScript script, int stepNo, Step step) {
        return new PitstopException(ErrorCode.VALIDATION_FAILED, script.origin() + ":" + step.source().line() + ": step "
                + stepNo + " of V" + script.version() + " already ran, and its statement changed since. Restore the "
                + "statement as it ran, and put the change in a new migration file; nothing was changed.");
    }

    private static String truncate(String s) {
        return s.length() > 3900 ? s.substring(0, 3900) + "..." : s;
    }
}
