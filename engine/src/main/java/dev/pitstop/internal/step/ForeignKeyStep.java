package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE t ADD CONSTRAINT n FOREIGN KEY (...) REFERENCES p (...) without reading the table under a lock.
 *
 * <p>PostgreSQL: EXPAND adds it {@code NOT VALID} (short, lock-bounded; new writes are checked from then on),
 * BACKFILL validates it in its own statement (SHARE UPDATE EXCLUSIVE: writers go on). MariaDB: InnoDB adds a
 * foreign key in place only with {@code foreign_key_checks=0}, which skips the existing rows, so EXPAND looks
 * for orphans (an anti-join) first, adds it (per statement, INPLACE, LOCK=NONE), and BACKFILL looks again,
 * for rows written in between. MySQL has no per-statement form: refused. A row without a parent fails the
 * step naming the constraint and the way out; migrate resumes at the validation. Abort drops the constraint
 * (on MariaDB also the index InnoDB created for it), unless it was there before the step.
 *
 * @param serverValidates true where the server validates an unvalidated constraint itself (PostgreSQL); known once
 *     resolved against the live schema
 * @param exists whether the constraint was in place when the step was resolved against the live schema
 * @param indexExists whether an index of the constraint's name was in place then (MySQL/MariaDB)
 * @param before what was in place before the step first ran: "constraint", "index" or "none"; null when not known
 */
public record ForeignKeyStep(ParsedStatement.AddConstraint statement, boolean serverValidates, boolean exists,
                             boolean indexExists, String before)
        implements Step {

    public ForeignKeyStep(ParsedStatement.AddConstraint statement) {
        this(statement, false, false, false, null);
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return "add-foreign-key";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    private String describe() {
        return statement.name() + " FOREIGN KEY (" + String.join(", ", statement.columns()) + ") REFERENCES "
                + statement.referencedTable() + " (" + String.join(", ", statement.referencedColumns()) + ")";
    }

    private String violation() {
        return "rows of " + statement.table() + " reference no row of " + statement.referencedTable() + ", so " + describe()
                + " cannot be validated. Fix or delete them and run migrate again: it resumes with this validation; until "
                + "then " + statement.name() + " checks new writes only, and abort drops it";
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String table = statement.table();
        String name = dialect.normalizeIdentifier(statement.name());
        String noOnlineForm = refusal(null, dialect);
        if (noOnlineForm != null) {
            throw new IllegalArgumentException(noOnlineForm);
        }
        List<Action> actions = new ArrayList<>();
        boolean serverValidates = dialect.onlineDdl().validateConstraint(table, name).isPresent();
        Action orphans = serverValidates ? null : Action.check(Phase.EXPAND, "look for rows of " + table + " without a parent in "
                + statement.referencedTable(), dialect.onlineDdl().foreignKeyOrphans(table, statement.columns(),
                statement.referencedTable(), statement.referencedColumns()), violation());
        if (!exists) {
            if (orphans != null) {
                actions.add(orphans);
            }
            actions.add(new Action(Phase.EXPAND, "add " + describe() + " to " + table + " without reading its rows",
                    dialect.onlineDdl().addForeignKey(statement.source().text()).orElseThrow(), true));
        }
        actions.add(serverValidates
                ? new Action(Phase.BACKFILL, "validate " + statement.name() + " (writers go on)",
                        dialect.onlineDdl().validateConstraint(table, name).get(), true).waitingWithoutBlocking()
                        .onViolation(violation())
                : Action.check(Phase.BACKFILL, "look again for rows of " + table + " without a parent in "
                        + statement.referencedTable() + " (written before " + statement.name() + " was in place)",
                        orphans.sql(), violation()));
        return actions;
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (catalog == null) {
            return this;
        }
        String name = dialect.normalizeIdentifier(statement.name());
        return new ForeignKeyStep(statement, dialect.onlineDdl().validateConstraint(statement.table(), name).isPresent(),
                catalog.constraintValidated(statement.table(), statement.name()).isPresent(),
                catalog.indexValid(statement.table(), statement.name()).isPresent(), before);
    }

    /** Decided by the dialect alone: {@code catalog} may be null. */
    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (dialect.onlineDdl().addForeignKey(statement.source().text()).isEmpty()) {
            return "ADD FOREIGN KEY " + statement.name() + " on " + statement.table() + ": " + dialect.describe()
                    + " adds a foreign key without copying the table only with foreign_key_checks=0 for the whole session, "
                    + "which Pitstop does not set on a shared connection (not supported there yet). Move the statement out "
                    + "of the migration";
        }
        return null;
    }

    @Override
    public String remember(Catalog catalog) {
        return catalog.constraintValidated(statement.table(), statement.name()).isPresent() ? "constraint"
                : catalog.indexValid(statement.table(), statement.name()).isPresent() ? "index" : "none";
    }

    @Override
    public Step recall(String remembered) {
        return new ForeignKeyStep(statement, serverValidates, exists, indexExists, remembered);
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        // validated by the server (PostgreSQL); on MySQL/MariaDB not knowable, so the orphan check runs again
        return serverValidates && catalog.constraintValidated(statement.table(), statement.name()).orElse(false);
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        if (before == null || before.equals("constraint")) {
            return List.of();
        }
        String name = dialect.normalizeIdentifier(statement.name());
        List<Action> undo = new ArrayList<>();
        boolean serverValidates = dialect.onlineDdl().validateConstraint(statement.table(), name).isPresent();
        if (exists || serverValidates) {
            undo.add(new Action(Phase.EXPAND, "drop " + statement.name() + " from " + statement.table(),
                    dialect.onlineDdl().dropConstraint(statement.table(), name, true), true));
        }
        if (!serverValidates && indexExists && before.equals("none")) {
            undo.add(new Action(Phase.EXPAND, "drop the index InnoDB created for " + statement.name(),
                    dialect.onlineDdl().dropUnique(statement.table(), name), true));
        }
        return undo;
    }
}
