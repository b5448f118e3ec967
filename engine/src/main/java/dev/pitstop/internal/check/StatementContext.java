package dev.pitstop.internal.check;

import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SchemaEdit;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a {@link Rule} may look at for one statement.
 *
 * @param file the migration file's name
 * @param statement what the planner sees; null when the statement does not parse
 * @param edits what the statement does to the schema, clause by clause
 * @param start the schema before the migration file: what the previous application version runs against
 * @param before the schema before this statement (the file's earlier statements applied)
 * @param after the schema after this statement
 * @param refusal why the planner would not run the statement (or why it does not parse), null when it plans it
 * @param previous the previous version's own statements, {@link PreviousQueries#NONE} when not given
 * @param live the connected database's data for the tables the previous version uses now; {@link LiveData#NONE}
 *     offline and for files already applied
 */
public record StatementContext(String file, ParserFlavor flavor, SourceStatement source, ParsedStatement statement,
                               List<SchemaEdit> edits, Schema start, Schema before, Schema after, String refusal,
                               PreviousQueries previous, LiveData live) {

    /** A column whose definition or type the statement changes. */
    public record ColumnChange(String table, Column before, Column after) {
    }

    public StatementContext {
        edits = List.copyOf(edits);
    }

    public boolean mysql() {
        return flavor == ParserFlavor.MYSQL;
    }

    /**
     * True unless the table was created earlier in this same migration file (the previous version has never
     * seen it). A table the files never created is taken as one the previous version uses.
     */
    public boolean previousVersionUses(String writtenTable) {
        String name = Names.of(writtenTable);
        return start.table(name).isPresent() || before.table(name).map(Table::partial).orElse(true);
    }

    /**
     * The columns whose type or definition the statement changes (ALTER COLUMN ... TYPE, MODIFY, CHANGE), each
     * as before and after the statement; a CHANGE that also renames is followed across the rename.
     */
    public List<ColumnChange> columnChanges() {
        List<ColumnChange> changes = new ArrayList<>();
        for (SchemaEdit edit : edits) {
            String table;
            String column;
            if (edit instanceof SchemaEdit.ChangeType c) {
                table = Names.of(c.table());
                column = Names.of(c.column());
            } else if (edit instanceof SchemaEdit.ReplaceColumn r) {
                table = Names.of(r.table());
                column = Names.of(r.column().name());
            } else {
                continue;
            }
            String old = nameBefore(table, column);
            Optional<Column> after = this.after.column(table, column);
            if (after.isPresent()) {
                changes.add(new ColumnChange(table, before.column(table, old).orElse(Column.unknown(old)), after.get()));
            }
        }
        return changes;
    }

    /** The name a column had before this statement: it differs when the statement renames it (MySQL CHANGE). */
    public String nameBefore(String table, String column) {
        for (SchemaEdit edit : edits) {
            if (edit instanceof SchemaEdit.RenameColumn r && Names.of(r.table()).equals(table)
                    && Names.of(r.to()).equals(column)) {
                return Names.of(r.from());
            }
        }
        return column;
    }

    /** The statement's first line, for messages. */
    public String firstLine() {
        return source.text().lines().findFirst().orElse("").strip();
    }
}
