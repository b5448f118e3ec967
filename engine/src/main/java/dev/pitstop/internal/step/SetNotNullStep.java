package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE t ALTER COLUMN c SET NOT NULL without a scan under an exclusive lock (PostgreSQL, DESIGN.md §2).
 * EXPAND adds a helper {@code CHECK (c IS NOT NULL) NOT VALID} (short, lock-bounded; new writes are checked
 * from then on); BACKFILL validates it (SHARE UPDATE EXCLUSIVE: writers go on), then SET NOT NULL, which
 * PostgreSQL 12+ proves from the validated check without reading the table, then drops the helper. A NULL
 * makes the validation fail, naming the column and the way out; the helper stays, so migrate resumes there.
 * Abort drops the helper and, when the column was nullable before, the NOT NULL.
 *
 * <p>The previous application version keeps working only if it never writes NULL there (it writes the
 * column, or the column has a default): the compatibility checker is where that is proven.
 * MySQL/MariaDB have no such clause: {@code MODIFY c <type> NOT NULL} runs as an online table rebuild.
 *
 * @param helperExists whether the helper check was in place when the step was resolved against the live schema
 * @param inPlace whether the column was NOT NULL without the helper then: nothing is left to do
 * @param wasNotNull what the column was before the step first ran (null when not known yet)
 */
public record SetNotNullStep(ParsedStatement.ColumnChange statement, boolean helperExists, boolean inPlace,
                             Boolean wasNotNull)
        implements Step {

    public SetNotNullStep(ParsedStatement.ColumnChange statement) {
        this(statement, false, false, null);
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return "set-not-null";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    /** The helper check's name, as the catalog stores it: {@code <table>_<column>__pitstop_nn}, at most 63 characters. */
    static String helper(Dialect dialect, String table, String column) {
        String stem = dialect.normalizeIdentifier(Identifiers.unqualified(table)) + "_" + dialect.normalizeIdentifier(column);
        return (stem.length() > 48 ? stem.substring(0, 40) + Integer.toHexString(stem.hashCode()) : stem) + "__pitstop_nn";
    }

    /**
     * The actions that make a nullable column NOT NULL online: the helper check (unless in place), its
     * validation, SET NOT NULL, the helper dropped. Also abort's way back from DROP NOT NULL.
     *
     * @param violation what the user is told when a NULL is found
     */
    static List<Action> tighten(Dialect dialect, Phase add, Phase validate, String table, String column, boolean helperExists,
                                String violation) {
        String helper = helper(dialect, table, column);
        List<Action> actions = new ArrayList<>();
        if (!helperExists) {
            actions.add(new Action(add, "add the check " + helper + " (" + column + " IS NOT NULL) NOT VALID to " + table
                    + ": new writes are checked, existing rows are not read", dialect.onlineDdl().notNullCheck(table, helper,
                    column).orElseThrow(), true));
        }
        actions.add(new Action(validate, "validate that " + column + " of " + table + " holds no NULL (writers go on)",
                dialect.onlineDdl().validateConstraint(table, helper).orElseThrow(), true).waitingWithoutBlocking()
                .onViolation(violation));
        actions.add(new Action(validate, "set " + column + " of " + table + " NOT NULL (proven by " + helper
                + ", no scan)", dialect.onlineDdl().columnNotNull(table, column, true), true));
        actions.add(new Action(validate, "drop the helper check " + helper, dialect.onlineDdl().dropConstraint(table, helper,
                false), true));
        return actions;
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String table = statement.table();
        String column = statement.column();
        String noOnlineForm = noOnlineForm(dialect);
        if (noOnlineForm != null) {
            throw new IllegalArgumentException(noOnlineForm);
        }
        if (inPlace) {
            return List.of();
        }
        return tighten(dialect, Phase.EXPAND, Phase.BACKFILL, table, column, helperExists, column + " of " + table
                + " holds NULL in some rows, so it cannot be made NOT NULL. Fill them (UPDATE " + table + " SET " + column
                + " = ... WHERE " + column + " IS NULL) and run migrate again: it resumes with this validation; until then "
                + "the check " + helper(dialect, table, column) + " refuses new NULLs and abort drops it. To keep the fill "
                + "in your history, abort and put the UPDATE in a migration before this one");
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (catalog == null) {
            return this;
        }
        boolean helper = catalog.constraintValidated(statement.table(), helper(dialect, statement.table(),
                statement.column())).isPresent();
        boolean done = !helper && catalog.columnNotNull(statement.table(), statement.column());
        return new SetNotNullStep(statement, helper, done, wasNotNull);
    }

    /** Why the dialect cannot run the step at all (no SET NOT NULL clause), or null. */
    private String noOnlineForm(Dialect dialect) {
        return Nullability.refusal(statement, null, dialect, "SET NOT NULL", "NOT NULL");
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        return Nullability.refusal(statement, catalog, dialect, "SET NOT NULL", "NOT NULL");
    }

    @Override
    public String remember(Catalog catalog) {
        return Nullability.remember(statement, catalog);
    }

    @Override
    public Step recall(String remembered) {
        return new SetNotNullStep(statement, helperExists, inPlace, Nullability.wasNotNull(remembered));
    }

    /** NOT NULL and the helper gone (the helper is named after the column, so no dialect is needed to find it). */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.columnNotNull(statement.table(), statement.column()) && !helperExists;
    }

    /** Drops the helper; drops NOT NULL only when the column was nullable before the step (not known: left as is). */
    @Override
    public List<Action> abortActions(Dialect dialect) {
        String table = statement.table();
        List<Action> undo = new ArrayList<>();
        undo.add(new Action(Phase.EXPAND, "drop the helper check " + helper(dialect, table, statement.column()),
                dialect.onlineDdl().dropConstraint(table, helper(dialect, table, statement.column()), false), true));
        if (Boolean.FALSE.equals(wasNotNull)) {
            undo.add(new Action(Phase.EXPAND, "make " + statement.column() + " of " + table + " nullable again",
                    dialect.onlineDdl().columnNotNull(table, statement.column(), false), true));
        }
        return undo;
    }
}
