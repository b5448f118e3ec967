package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE t ALTER COLUMN c DROP NOT NULL (PostgreSQL): metadata only, run in EXPAND under the short
 * lock timeout. The previous version only ever wrote values there, so it keeps working.
 *
 * <p>Abort makes the column NOT NULL again the online way ({@link SetNotNullStep#tighten}: a helper check
 * NOT VALID, validated, then SET NOT NULL). If the new version wrote NULLs in between, the validation fails:
 * abort stops naming the column and the way out (fill them, run abort again); the column stays nullable,
 * so no write is lost and nothing breaks. Nothing is done when the column was nullable before the step.
 * MySQL/MariaDB have no such clause: {@code MODIFY c <type> NULL} runs as an online table rebuild.
 *
 * @param helperExists whether abort's helper check was in place when the step was resolved
 * @param wasNotNull what the column was before the step first ran (null when not known)
 */
public record DropNotNullStep(ParsedStatement.ColumnChange statement, boolean helperExists, Boolean wasNotNull)
        implements Step {

    public DropNotNullStep(ParsedStatement.ColumnChange statement) {
        this(statement, false, null);
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return "drop-not-null";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String noOnlineForm = noOnlineForm(dialect);
        if (noOnlineForm != null) {
            throw new IllegalArgumentException(noOnlineForm);
        }
        return List.of(new Action(Phase.EXPAND, "make " + statement.column() + " of " + statement.table() + " nullable",
                dialect.onlineDdl().columnNotNull(statement.table(), statement.column(), false), true));
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (catalog == null) {
            return this;
        }
        return new DropNotNullStep(statement, catalog.constraintValidated(statement.table(),
                SetNotNullStep.helper(dialect, statement.table(), statement.column())).isPresent(), wasNotNull);
    }

    /** Why the dialect cannot run the step at all (no DROP NOT NULL clause), or null. */
    private String noOnlineForm(Dialect dialect) {
        return Nullability.refusal(statement, null, dialect, "DROP NOT NULL", "NULL");
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        return Nullability.refusal(statement, catalog, dialect, "DROP NOT NULL", "NULL");
    }

    @Override
    public String remember(Catalog catalog) {
        return Nullability.remember(statement, catalog);
    }

    @Override
    public Step recall(String remembered) {
        return new DropNotNullStep(statement, helperExists, Nullability.wasNotNull(remembered));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return !catalog.columnNotNull(statement.table(), statement.column());
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        if (!Boolean.TRUE.equals(wasNotNull)) {
            return List.of();
        }
        String table = statement.table();
        String column = statement.column();
        String violation = column + " of " + table + " holds NULLs written since the migration (the new version may write "
                + "NULL there), so abort cannot make it NOT NULL again. Fill them (UPDATE " + table + " SET " + column
                + " = ... WHERE " + column + " IS NULL) and run abort again; until then the column stays nullable and no "
                + "write is lost";
        List<Action> undo = new ArrayList<>();
        // looked for first, so that the usual refusal changes nothing (a NULL written after this look fails the
        // validation below instead, and the helper check then stays, refusing further NULLs, until abort is run again)
        undo.add(Action.check(Phase.EXPAND, "look for NULLs in " + column + " of " + table,
                dialect.onlineDdl().nullRows(table, column), violation + "."));
        undo.addAll(SetNotNullStep.tighten(dialect, Phase.EXPAND, Phase.EXPAND, table, column, helperExists, violation
                + " (the helper check " + SetNotNullStep.helper(dialect, table, column) + " stays and refuses new NULLs until "
                + "then)"));
        return undo;
    }
}
