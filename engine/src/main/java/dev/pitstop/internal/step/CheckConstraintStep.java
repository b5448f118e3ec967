package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE t ADD CONSTRAINT n CHECK (...). PostgreSQL: EXPAND adds it {@code NOT VALID} (short,
 * lock-bounded; new writes are checked from then on), BACKFILL validates it (SHARE UPDATE EXCLUSIVE: writers
 * go on); a row that breaks it fails the step naming the constraint and the way out, and migrate resumes at
 * the validation. Abort drops it unless it was there before. MySQL/MariaDB add a check only by copying the
 * table (ALGORITHM=COPY, writers blocked), so there the step becomes an online table rebuild with the check
 * added to the shadow: a row that breaks it fails the copy (or, written during it, is recorded and stops the
 * cut-over), naming its key; abort swaps the old table back.
 *
 * @param exists whether the constraint was in place when the step was resolved against the live schema
 * @param existedBefore whether it was in place before the step first ran (null when not known)
 */
public record CheckConstraintStep(ParsedStatement.AddConstraint statement, boolean exists, Boolean existedBefore)
        implements Step {

    public CheckConstraintStep(ParsedStatement.AddConstraint statement) {
        this(statement, false, null);
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return "add-check";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String table = statement.table();
        String name = dialect.normalizeIdentifier(statement.name());
        String noOnlineForm = refusal(null, dialect);
        if (noOnlineForm != null) {
            throw new IllegalArgumentException(noOnlineForm);
        }
        if (dialect.onlineDdl().addCheck(statement.source().text()).isEmpty()) {
            return asRebuild().actions(dialect);
        }
        List<Action> actions = new ArrayList<>();
        if (!exists) {
            actions.add(new Action(Phase.EXPAND, "add the check " + statement.name() + " to " + table + " NOT VALID: new "
                    + "writes are checked, existing rows are not read", dialect.onlineDdl().addCheck(statement.source().text())
                    .orElseThrow(), true));
        }
        actions.add(new Action(Phase.BACKFILL, "validate " + statement.name() + " (writers go on)",
                dialect.onlineDdl().validateConstraint(table, name).orElseThrow(), true).waitingWithoutBlocking()
                .onViolation("rows of " + table + " break the check " + statement.name() + ", so it cannot be validated. Fix "
                        + "them (an UPDATE or DELETE of the rows that break it) and run migrate again: it resumes with this "
                        + "validation; until then " + statement.name() + " checks new writes only, and abort drops it"));
        return actions;
    }

    /** The online table rebuild that adds the check where the server has no in-place form. */
    private RebuildTableStep asRebuild() {
        return new RebuildTableStep(statement.source(), statement.table(), List.of(),
                AddColumnsStep.clausesOf(statement.source().text()));
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (RebuildTableStep.KIND.equals(recordedKind) || dialect.onlineDdl().addCheck(statement.source().text()).isEmpty()
                && dialect.rebuild().isPresent()) {
            return asRebuild().resolve(catalog, dialect, recordedKind);
        }
        if (catalog == null) {
            return this;
        }
        return new CheckConstraintStep(statement, catalog.constraintValidated(statement.table(), statement.name()).isPresent(),
                existedBefore);
    }

    /** Decided by the dialect alone: {@code catalog} may be null. */
    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (dialect.onlineDdl().addCheck(statement.source().text()).isEmpty() && dialect.rebuild().isEmpty()) {
            return "ADD CONSTRAINT " + statement.name() + " CHECK on " + statement.table() + ": " + dialect.describe()
                    + " adds a check constraint only by copying the table (ALGORITHM=COPY), which blocks its writers for "
                    + "the whole copy. Move the statement out of the migration: enforce the rule in the application or a "
                    + "trigger, or run the ALTER yourself in a maintenance window";
        }
        return null;
    }

    @Override
    public String remember(Catalog catalog) {
        return catalog.constraintValidated(statement.table(), statement.name()).isPresent() ? "constraint" : "none";
    }

    @Override
    public Step recall(String remembered) {
        return new CheckConstraintStep(statement, exists, "constraint".equals(remembered));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.constraintValidated(statement.table(), statement.name()).orElse(false);
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        if (!Boolean.FALSE.equals(existedBefore)) {
            return List.of();
        }
        return List.of(new Action(Phase.EXPAND, "drop the check " + statement.name() + " from " + statement.table(),
                dialect.onlineDdl().dropConstraint(statement.table(), dialect.normalizeIdentifier(statement.name()), false),
                true));
    }
}
