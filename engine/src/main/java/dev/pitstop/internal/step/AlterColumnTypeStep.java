package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ALTER TABLE ... ALTER COLUMN ... TYPE when the server only changes metadata (PostgreSQL
 * varchar(50) to varchar(200), varchar to text, numeric precision up with the same scale): run in
 * EXPAND under the short DDL lock timeout. The previous application version reads and writes the
 * column as before.
 *
 * <p>A change that rewrites the table (int to bigint, a USING expression, a narrower type) would hold
 * an ACCESS EXCLUSIVE lock for the whole rewrite; it is refused against the live catalog until the
 * online table rebuild exists.
 */
public record AlterColumnTypeStep(ParsedStatement.AlterColumnTypes statement) implements Step {

    @Override
    public String kind() {
        return "alter-column-type";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        List<String> columns = statement.changes().stream().map(c -> c.column() + " to " + c.type()).toList();
        return List.of(new Action(Phase.EXPAND, "change type of " + String.join(", ", columns) + " on "
                + statement.table() + " (metadata only)", dialect.onlineDdl().alterColumnTypes(statement.source().text()), true));
    }

    /** A rewriting change becomes an online rebuild where the dialect has one. */
    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (RebuildTableStep.KIND.equals(recordedKind)) {
            return new RebuildTableStep(statement);
        }
        if (recordedKind == null && refusal(catalog, dialect) != null && dialect.rebuild().isPresent()) {
            return new RebuildTableStep(statement);
        }
        return this;
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        for (TypeChange change : statement.changes()) {
            if (change.using() != null) {
                return "ALTER COLUMN " + change.column() + " TYPE " + change.type() + " USING " + change.using()
                        + " rewrites every row of " + statement.table() + " under an exclusive lock, and Pitstop's online "
                        + "table rebuild is not supported yet. Add a new column, fill it with UPDATEs in later migrations, "
                        + "and switch the application over";
            }
            Optional<String> current = catalog.columnType(statement.table(), change.column());
            if (current.isPresent() && !dialect.onlineDdl().typeChangeIsMetadataOnly(current.get(), change.type())) {
                return "changing " + statement.table() + "." + change.column() + " from " + current.get() + " to "
                        + change.type() + " rewrites the table under an exclusive lock, and Pitstop's online table "
                        + "rebuild is not supported yet. Only metadata-only changes run today (e.g. varchar(50) to "
                        + "varchar(200), varchar to text, numeric(10,2) to numeric(12,2)); for this one add a new column "
                        + "and fill it in later migrations";
            }
        }
        return null;
    }

    /** Running a metadata-only type change again is a no-op, so an interrupted one is simply run again. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }

    /** Each changed column's type before the change, one {@code column<TAB>type} a line. */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        StringBuilder memo = new StringBuilder();
        for (TypeChange change : statement.changes()) {
            catalog.columnType(statement.table(), change.column())
                    .ifPresent(type -> memo.append(change.column()).append('\t').append(type).append('\n'));
        }
        return memo.toString();
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /**
     * Abort changes a column back only when its old type was recorded and the change back is metadata-only too
     * (e.g. text back to an unlimited varchar); a change back that would scan or rewrite the table under an
     * exclusive lock (varchar(200) back to varchar(50)) is refused before anything is undone.
     */
    @Override
    public String abortRefusal(Catalog catalog, Dialect dialect, String memo) {
        Map<String, String> before = before(memo);
        for (TypeChange change : changed(catalog, before)) {
            String now = catalog.columnType(statement.table(), change.column()).orElseThrow();
            String old = before.get(change.column());
            if (old == null) {
                return statement.table() + "." + change.column() + " is now " + now + " and its type before the change was "
                        + "not recorded (the step ran under an older Pitstop), so abort cannot change it back. Change it "
                        + "back with a new migration if you need to";
            }
            if (!dialect.onlineDdl().typeChangeIsMetadataOnly(now, old) || dialect.onlineDdl()
                    .alterColumnType(statement.table(), change.column(), old).isEmpty()) {
                return "changing " + statement.table() + "." + change.column() + " back from " + now + " to " + old
                        + " would make " + dialect.describe() + " check or rewrite every row under an exclusive lock, which "
                        + "abort does not do. The column keeps working for the previous version as it is; contract the "
                        + "migration, or change the type back with a new migration (an online rebuild)";
            }
        }
        return null;
    }

    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        Map<String, String> before = before(memo);
        return changed(catalog, before).stream().map(change -> new Action(Phase.EXPAND, "change " + statement.table() + "."
                + change.column() + " back to " + before.get(change.column()) + " (metadata only)", dialect.onlineDdl()
                .alterColumnType(statement.table(), change.column(), before.get(change.column())).orElseThrow(), true))
                .toList();
    }

    /** The changes whose column no longer has its recorded type (all of them when nothing was recorded). */
    private List<TypeChange> changed(Catalog catalog, Map<String, String> before) {
        return statement.changes().stream().filter(c -> catalog.columnType(statement.table(), c.column())
                .map(now -> !now.equals(before.get(c.column()))).orElse(false)).toList();
    }

    private static Map<String, String> before(String memo) {
        Map<String, String> types = new HashMap<>();
        if (memo != null) {
            memo.lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2).forEach(p -> types.put(p[0], p[1]));
        }
        return types;
    }
}
