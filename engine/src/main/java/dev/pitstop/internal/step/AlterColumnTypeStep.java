package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.List;
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
}
