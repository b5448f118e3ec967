package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.run.BoundedRetry;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.run.Sleeper;
import dev.pitstop.internal.step.Rebuild;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import dev.pitstop.spi.RebuildSpec.RebuiltColumn;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of an online table rebuild (DESIGN.md §3) on the work connection. Every stage reads
 * the catalog first and is safe to run again: PREPARE starts over when a previous attempt was cut
 * short, COPY resumes from its checkpoint, VERIFY repeats, CUT_OVER sees whether the swap already
 * happened, DROP_OLD drops what is still there.
 */
public final class TableRebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TableRebuilder.class);
    /** Approximate types (PostgreSQL, MySQL spellings): their values cannot match rows exactly. */
    private static final Set<String> FLOAT_TYPES = Set.of("real", "double precision", "float", "double");
    /** MySQL types whose order (by ordinal or bits) differs from their text, so key ranges would skip rows. */
    private static final Set<String> UNORDERED_TYPES = Set.of("enum", "set", "bit");

    /** Where a stage keeps its checkpoint (the step's row in pitstop_steps). */
    public interface Checkpoints {
        String load();

        void save(String checkpoint);
    }

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

    /**
     * @param ddl runs a statement that locks a busy table under the DDL lock timeout, retried in its budget
     * @param lockTimeout tells a lock wait that gave up (or a deadlock) from other failures
     * @param restoreLockTimeout puts back the session's own lock wait after the copy bounded it
     */
    public TableRebuilder(Handle handle, Dialect dialect, PitstopConfig config, Clock clock, Sleeper sleeper,
                          BoundedDdl ddl, Predicate<Exception> lockTimeout, Runnable restoreLockTimeout) {
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
    }

    /**
     * @param resuming true when an earlier run started this stage and did not finish it
     */
    public void run(Rebuild rebuild, Checkpoints checkpoints, boolean resuming) throws Exception {
        switch (rebuild.stage()) {
            case PREPARE -> prepare(rebuild, resuming);
            case COPY, VERIFY -> {
                if (swapped(names(rebuild))) {
                    LOG.info("{}: the swap already happened; nothing to {}", names(rebuild).table(), rebuild.stage());
                    return;
                }
                stage(rebuild, checkpoints);
            }
            case CUT_OVER -> cutOver(rebuild);
            case DROP_OLD -> {
                if (exists(names(rebuild).old())) {
                    refuseLostRows(rebuild, "contract");
                }
                // the way-back trigger first: it writes into the old table
                for (Sql s : sql.dropAll(backNames(names(rebuild)))) {
                    ddl.run(s);
                }
                for (Sql s : sql.dropOld(names(rebuild))) {
                    ddl.run(s);
                }
                restoreUserTriggerNames(names(rebuild));
            }
            case ABORT -> abort(rebuild);
            default -> throw new IllegalStateException("unknown stage " + rebuild.stage());
        }
    }

    private void stage(Rebuild rebuild, Checkpoints checkpoints) throws Exception {
        switch (rebuild.stage()) {
            case COPY -> new ShadowCopy(handle, dialect, sql, spec(rebuild), config, clock, sleeper, lockTimeout,
                    this::reconcile, restoreLockTimeout, this::buildOtherIndexes).run(checkpoints);
            case VERIFY -> {
                RebuildSpec spec = spec(rebuild);
                refuseMisfits(handle, spec, "cut over to", "The shadow stays in sync");
                new ShadowVerifier(handle, sql, spec, sleeper, this::reconcile).run();
            }
            default -> throw new IllegalStateException("not a copy stage: " + rebuild.stage());
        }
    }

    /** True when the cut-over already swapped the tables (e.g. its connection was lost after the commit). */
    private boolean swapped(RebuildSpec names) {
        return exists(names.old()) && !exists(names.shadow());
    }

    private void prepare(Rebuild rebuild, boolean resuming) throws Exception {
        RebuildSpec names = names(rebuild);
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
        List<String> problems = Handles.query(handle, sql.obstacles(names.table())).mapTo(String.class).list();
        if (!problems.isEmpty()) {
            throw notYet(names.table(), String.join("; ", problems));
        }
        RebuildSpec spec = spec(rebuild);
        if (sql.cautions(names.table()).isPresent()) {
            for (String caution : Handles.query(handle, sql.cautions(names.table()).get()).mapTo(String.class).list()) {
                LOG.warn("{}: {}", names.table(), caution);
            }
        }
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
                throw notYet(spec.table(), String.join("; ", mismatch) + ", so rows of the old and the new shape could not "
                        + "be matched safely. Change the key in a migration of its own (or keep its type)");
            }
        }
        for (Sql s : sql.installSync(spec)) {
            ddl.run(s);
        }
        if (sql.cloneUserTriggers(spec).isPresent()) {
            for (String statement : Handles.query(handle, sql.cloneUserTriggers(spec).get()).mapTo(String.class).list()) {
                ddl.run(Sql.of(statement));
            }
        }
        LOG.info("{}: shadow {} created in the new shape; the sync triggers keep it in sync", spec.table(), spec.shadow());
    }

    private void cutOver(Rebuild rebuild) throws Exception {
        RebuildSpec names = names(rebuild);
        if (swapped(names)) {
            LOG.info("{}: the swap already happened", names.table());
            afterSwap(rebuild);
            return;
        }
        RebuildSpec spec = spec(rebuild);
        RebuildSpec back = back(spec);
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.cutOverBudget(), Duration.ofMillis(500),
                Duration.ofSeconds(5));
        List<String> blockers = new ArrayList<>();
        try {
            retry.run(() -> {
                reconcile(spec);
                blockers.clear();
                blockers.addAll(Handles.query(handle, sql.blockers(spec.table())).mapTo(String.class).list());
                if (!blockers.isEmpty()) {
                    LOG.info("{}: before cut-over, sessions holding locks on it: {}", spec.table(), blockers);
                }
                List<String> children = Handles.query(handle, sql.childTables(spec.table())).mapTo(String.class).list();
                handle.useTransaction(h -> {
                    sql.lockForCutOver(spec, config.cutOverLockTimeout(), children).forEach(s -> Handles.execute(h, s));
                    sql.reconcile(spec).forEach(s -> Handles.execute(h, s));
                    refuseMisfits(h, spec, "cut over to", "The shadow stays in sync");
                    refuseObstacles(h, spec.table());
                    swap(h, spec);
                    // in the same transaction: no write to the new table is missed by the old one
                    sql.installSync(back).forEach(s -> Handles.execute(h, s));
                });
                return null;
            }, lockTimeout, (e, attempt) -> LOG.warn("{}: cut-over attempt {} could not get the lock within {} ms; "
                    + "retrying", spec.table(), attempt, config.cutOverLockTimeout().toMillis()));
        } catch (BoundedRetry.GaveUp e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "cut-over of " + spec.table() + " gave up after "
                    + e.attempts() + " attempts in " + e.waited().toSeconds() + " s (lock wait up to "
                    + config.cutOverLockTimeout().toMillis() + " ms each, cutOverBudget " + config.cutOverBudget().toSeconds()
                    + " s); blocked by " + (blockers.isEmpty() ? "sessions that ended before they could be named"
                    : String.join("; ", blockers)) + ". The copy is complete and kept in sync by the trigger; end those "
                    + "sessions (or wait for them) and run migrate again to retry the cut-over.", e.last());
        } finally {
            // MySQL sets the cut-over's lock wait on the session
            restoreLockTimeout.run();
        }
        if (sql.keepsOldTableInSync()) {
            LOG.info("{}: swapped in the new shape; the old rows stay in {}, kept in sync, until contract (abort swaps "
                    + "them back)", spec.table(), spec.old());
        } else {
            LOG.info("{}: swapped in the new shape; the old rows stay in {} as they were at the cut-over, until contract",
                    spec.table(), spec.old());
        }
        afterSwap(rebuild);
    }

    /** What follows a swap, also when a resumed run finds it done: trigger names, lost rows, foreign keys. */
    private void afterSwap(Rebuild rebuild) throws Exception {
        RebuildSpec names = names(rebuild);
        restoreUserTriggerNames(names);
        refuseLostRows(rebuild, "go on");
        validateForeignKeys(names.table());
    }

    /**
     * Where the swap is not atomic with the last check (MySQL: RENAME is its own statement), a write in
     * between whose value did not convert is in the old table only: name those rows, and keep the old
     * table (contract refuses) until they are repaired.
     */
    private void refuseLostRows(Rebuild rebuild, String verb) {
        RebuildSpec names = names(rebuild);
        RebuildSpec after = new RebuildSpec(names.old(), names.table(), names.table(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), spec(rebuild, names.old()).key(), List.of(), List.of(), false);
        List<String> lost = Handles.query(handle, sql.misfits(after)).mapTo(String.class).list();
        if (!lost.isEmpty()) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "cannot " + verb + ": rows written to " + names.table()
                    + " during its cut-over did not convert to the new shape and are only in " + names.old() + " (keys "
                    + String.join(", ", lost) + "). Copy them into " + names.table() + " in a form that fits, then run "
                    + verb + " again; " + names.old() + " is kept until then.");
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
        RebuildSpec names = names(rebuild);
        if (!swapped(names)) {
            for (Sql s : sql.dropAll(names)) {
                ddl.run(s);
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
        RebuildSpec back = back(spec(rebuild, names.old()));
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.cutOverBudget(), Duration.ofMillis(500),
                Duration.ofSeconds(5));
        List<String> blockers = new ArrayList<>();
        try {
            retry.run(() -> {
                blockers.clear();
                blockers.addAll(Handles.query(handle, sql.blockers(back.table())).mapTo(String.class).list());
                List<String> children = Handles.query(handle, sql.childTables(back.table())).mapTo(String.class).list();
                handle.useTransaction(h -> {
                    sql.lockForCutOver(back, config.cutOverLockTimeout(), children).forEach(s -> Handles.execute(h, s));
                    refuseMisfits(h, back, "swap back to", "The old table stays in sync");
                    refuseObstacles(h, back.table());
                    swap(h, back);
                    sql.dropAll(names).forEach(s -> Handles.execute(h, s));
                    sql.dropAll(backNames(names)).forEach(s -> Handles.execute(h, s));
                });
                return null;
            }, lockTimeout, (e, attempt) -> LOG.warn("{}: swapping back, attempt {} could not get the lock within {} ms; "
                    + "retrying", back.table(), attempt, config.cutOverLockTimeout().toMillis()));
        } catch (BoundedRetry.GaveUp e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "swapping " + back.table() + " back gave up after "
                    + e.attempts() + " attempts in " + e.waited().toSeconds() + " s (lock wait "
                    + config.cutOverLockTimeout().toMillis() + " ms each, cutOverBudget " + config.cutOverBudget().toSeconds()
                    + " s); blocked by " + (blockers.isEmpty() ? "sessions that ended before they could be named"
                    : String.join("; ", blockers)) + ". The old table is still kept in sync; end those sessions "
                    + "(or wait for them) and run abort again.", e.last());
        } finally {
            restoreLockTimeout.run();
        }
        LOG.info("{}: swapped back to its old shape; the new one is dropped", back.table());
        validateForeignKeys(back.table());
    }

    /** At contract: the user's triggers copied onto the shadow take their names back, under one table lock. */
    private void restoreUserTriggerNames(RebuildSpec names) throws Exception {
        if (sql.restoreUserTriggerNames(names).isEmpty()) {
            return;
        }
        List<String> statements = Handles.query(handle, sql.restoreUserTriggerNames(names).get()).mapTo(String.class).list();
        if (statements.isEmpty()) {
            return;
        }
        List<String> locked = exists(names.old()) ? List.of(names.table(), names.old()) : List.of(names.table());
        ddl.run(sql.lockTables(locked).orElseThrow());
        try {
            statements.forEach(handle::execute);
        } finally {
            Handles.execute(handle, sql.unlockTables());
        }
        LOG.info("{}: its triggers have their names back", names.table());
    }

    /**
     * Refuses the swap when rows of the table could not be converted into the shape of the other one (the
     * sync trigger kept their keys instead of failing the writer): swapping would lose them.
     */
    private void refuseMisfits(Handle h, RebuildSpec spec, String verb, String then) {
        List<String> misfits = Handles.query(h, sql.misfits(spec)).mapTo(String.class).list();
        if (!misfits.isEmpty()) {
            throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot " + verb + " the " + (spec.reverse() ? "old"
                    : "new") + " shape of " + spec.table() + ": rows written to it do not convert to that shape, so "
                    + spec.shadow() + " lacks them (keys " + String.join(", ", misfits) + "; the server log has the "
                    + "conversion errors). Change or delete those rows so that they convert" + (spec.reverse() ? ""
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Removes rows the copy resurrected; in REPEATABLE READ so it fails instead of acting on rows changed since its snapshot. */
    int reconcile(RebuildSpec spec) throws Exception {
        BoundedRetry retry = new BoundedRetry(clock, sleeper, config.ddlRetryBudget(), Duration.ofMillis(50),
                Duration.ofSeconds(1));
        Handles.execute(handle, dialect.lockTimeout(config.chunkTime()));
        try {
            return retry.run(() -> handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "40001".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private boolean exists(String table) {
        return Handles.query(handle, sql.exists(table)).mapTo(Integer.class).findFirst().isPresent();
    }

    /** The names a rebuild of this table uses; no catalog reads. */
    RebuildSpec names(Rebuild rebuild) {
        String table = tableName(rebuild.table());
        String stem = stem(table);
        return new RebuildSpec(table, "_" + stem + "__pitstop_new", "_" + stem + "__pitstop_old",
                "_" + stem + "__pitstop_del", "_" + stem + "__pitstop_mis", "_" + stem + "__pitstop_sync", "pitstop_sync",
                List.of(), List.of(), List.of(), false);
    }

    private static String stem(String table) {
        return table.length() > 40 ? table.substring(0, 32) + Integer.toHexString(table.hashCode()) : table;
    }

    /**
     * The names of the way back, after the cut-over: the table (new shape) is synced into the old one; a
     * swap back renames the old one to the table and the table to the shadow's name.
     */
    static RebuildSpec backNames(RebuildSpec names) {
        String stem = stem(names.table());
        return new RebuildSpec(names.table(), names.old(), names.shadow(), names.tombstones(), "_" + stem + "__pitstop_bmis",
                "_" + stem + "__pitstop_back_sync", names.syncTrigger(), List.of(), List.of(), List.of(), true);
    }

    /**
     * The way back of a full spec: every converted column is converted back to its original type, and must
     * come back unchanged through the way forth ({@link RebuiltColumn#checkExpression}).
     */
    RebuildSpec back(RebuildSpec forth) {
        RebuildSpec names = backNames(forth);
        Map<String, String> originalTypes = new HashMap<>();
        for (Map<String, Object> col : Handles.query(handle, sql.columns(names.shadow())).mapToMap().list()) {
            originalTypes.put((String) col.get("name"), (String) col.get("type"));
        }
        if (originalTypes.isEmpty()) {
            // before the cut-over the original still has its name
            for (Map<String, Object> col : Handles.query(handle, sql.columns(forth.table())).mapToMap().list()) {
                originalTypes.put((String) col.get("name"), (String) col.get("type"));
            }
        }
        List<RebuiltColumn> columns = new ArrayList<>();
        for (RebuiltColumn c : forth.columns()) {
            String quoted = sql.quote(c.name());
            columns.add(c.converted() ? new RebuiltColumn(c.name(), quoted, c.checkExpression(), originalTypes.get(c.name()))
                    : c);
        }
        return new RebuildSpec(names.table(), names.shadow(), names.old(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), forth.key(), columns, List.of(), true);
    }

    /** The full spec, read from the original table's catalog entries. */
    RebuildSpec spec(Rebuild rebuild) {
        return spec(rebuild, names(rebuild).table());
    }

    /** The full spec, read from the catalog entries of the table in the original shape (renamed after the cut-over). */
    RebuildSpec spec(Rebuild rebuild, String original) {
        RebuildSpec names = names(rebuild);
        String table = names.table();
        List<KeyColumn> key = Handles.query(handle, sql.key(original))
                .map((rs, ctx) -> new KeyColumn(rs.getString("name"), rs.getString("type"))).list();
        if (key.isEmpty()) {
            throw notYet(table, "it has no primary key and no NOT NULL unique key to match rows by; add one first");
        }
        for (KeyColumn k : key) {
            if (UNORDERED_TYPES.contains(k.type().replaceAll("[ (].*$", "").toLowerCase(java.util.Locale.ROOT))) {
                throw notYet(table, "its key column " + k.name() + " is " + k.type() + ", whose order differs from its text");
            }
            if (FLOAT_TYPES.contains(k.type().replaceAll("[ (].*$", "").toLowerCase(java.util.Locale.ROOT))
                    || FLOAT_TYPES.contains(k.type())) {
                throw notYet(table, "its key column " + k.name() + " is " + k.type() + ", which cannot match rows exactly");
            }
        }
        List<String> changes = new ArrayList<>();
        Map<String, TypeChange> byColumn = new HashMap<>();
        for (TypeChange c : rebuild.changes()) {
            String column = dialect.normalizeIdentifier(c.column());
            byColumn.put(column, c);
            if (c.using() != null && key.stream().anyMatch(k -> k.name().equals(column))) {
                throw notYet(table, "the change rewrites the key column " + column + " with USING " + c.using()
                        + ", so old and new rows could not be matched");
            }
        }
        List<RebuiltColumn> columns = new ArrayList<>();
        // a column whose type the changes altered without a conversion of Pitstop's (MySQL MODIFY): the
        // server converts on assignment, and the checksums leave it out (its text differs by design)
        Map<String, String> shadowTypes = new HashMap<>();
        if (!original.equals(names.old())) {
            for (Map<String, Object> col : Handles.query(handle, sql.columns(names.shadow())).mapToMap().list()) {
                shadowTypes.put((String) col.get("name"), (String) col.get("type"));
            }
        }
        for (Map<String, Object> col : Handles.query(handle, sql.columns(original)).mapToMap().list()) {
            String name = (String) col.get("name");
            TypeChange change = byColumn.get(name);
            String quoted = sql.quote(name);
            String shadowType = shadowTypes.get(name);
            if (change == null && shadowType != null && !shadowType.equals(col.get("type"))) {
                columns.add(new RebuiltColumn(name, quoted, null, shadowType));
            } else if (change == null) {
                columns.add(new RebuiltColumn(name, quoted, quoted, null));
            } else {
                String value = change.using() != null ? "(" + change.using() + ")" : quoted;
                String converted = "CAST(" + value + " AS " + change.type() + ")";
                columns.add(new RebuiltColumn(name, value, converted, change.type()));
                changes.add("ALTER COLUMN " + quoted + " TYPE " + change.type() + " USING " + converted);
            }
        }
        if (rebuild.additions() != null) {
            changes.add(rebuild.additions());
        }
        for (String column : byColumn.keySet()) {
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "column " + column + " of " + table + " does not exist");
            }
        }
        return new RebuildSpec(table, names.shadow(), names.old(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), key, columns, changes, false);
    }

    private String tableName(String written) {
        return dialect.normalizeIdentifier(Identifiers.unqualified(written));
    }

    private static PitstopException notYet(String table, String why) {
        return new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot rebuild " + table + " online: " + why
                + ". Nothing was created.");
    }
}
