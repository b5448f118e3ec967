package dev.pitstop.internal.check;

import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.ColumnType;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of the previous version, as the checker needs it: what it reads and writes, and whether it still
 * runs against a schema. Judged leniently: a table or column the offline model does not know in full (a
 * {@link Table#partial partial} table, a subquery's alias) never counts as missing.
 *
 * @param tables the tables it names
 * @param columns every column it names, the qualifier resolved to a table name when it is a table or its alias
 * @param starTables tables read with {@code t.*}
 * @param star whether it reads {@code *}
 * @param insertInto the table of an INSERT, else null
 * @param insertColumns the column list of an INSERT, null when it has none (values by position)
 * @param literals the string and number literals it writes into a column or compares a column with
 */
public record PreviousQuery(String file, int line, String text, Set<String> tables, List<ColumnRef> columns,
                            Set<String> starTables, boolean star, String insertInto, List<String> insertColumns,
                            List<Literal> literals) {

    public PreviousQuery {
        literals = List.copyOf(literals);
    }

    /**
     * A literal bound to a column: written by an INSERT's VALUES or an UPDATE's SET, or compared with it in a WHERE.
     *
     * @param value as the server reads it (quotes removed)
     * @param string a string literal; else a number
     */
    public record Literal(ColumnRef column, String value, boolean string, boolean written) {
    }

    /** A column reference; {@code table} is null when the statement does not qualify it. */
    public record ColumnRef(String table, String column) {
    }

    public String where() {
        return file + ":" + line;
    }

    /** True when it names the column of the table, or reads every column of it ({@code *}, INSERT without a column list). */
    public boolean touches(String table, String column) {
        if (!tables.contains(table)) {
            return false;
        }
        if (star || starTables.contains(table) || table.equals(insertInto) && insertColumns == null) {
            return true;
        }
        return columns.stream().anyMatch(c -> c.column().equals(column) && (c.table() == null || c.table().equals(table)));
    }

    private static String show(Literal literal) {
        String v = literal.value().length() > 40 ? literal.value().substring(0, 37) + "..." : literal.value();
        return literal.string() ? "'" + v + "'" : v;
    }

    /**
     * Why it fails against the schema, or empty when it runs (as far as the model knows).
     *
     * @param mysql whether the schema is MySQL's (where comparing a column with any literal succeeds)
     */
    public List<String> failures(Schema schema, boolean mysql) {
        List<String> out = new ArrayList<>();
        for (String t : tables) {
            if (schema.table(t).isEmpty()) {
                out.add("table " + t + " does not exist");
            }
        }
        for (ColumnRef c : columns) {
            if (c.table() != null) {
                Optional<Table> table = schema.table(c.table());
                if (table.isPresent() && !table.get().partial() && table.get().column(c.column()).isEmpty()) {
                    out.add("column " + c.table() + "." + c.column() + " does not exist");
                }
            } else if (tables.stream().allMatch(t -> schema.table(t).map(x -> !x.partial()).orElse(false))
                    && tables.stream().noneMatch(t -> schema.column(t, c.column()).isPresent()) && !tables.isEmpty()) {
                out.add(tables.size() == 1 ? "column " + tables.iterator().next() + "." + c.column() + " does not exist"
                        : "column " + c.column() + " does not exist in " + String.join(", ", tables));
            }
        }
        if (insertInto != null && insertColumns != null) {
            schema.table(insertInto).filter(t -> !t.partial()).ifPresent(t -> t.columns().values().stream()
                    .filter(col -> col.notNull() && !col.filledWhenLeftOut() && !insertColumns.contains(col.name()))
                    .forEach(col -> out.add("its INSERT leaves out " + insertInto + "." + col.name()
                            + ", which is NOT NULL without a default")));
        }
        for (Literal literal : literals) {
            String table = literal.column().table() != null ? literal.column().table()
                    : tables.stream().filter(t -> schema.column(t, literal.column().column()).isPresent()).findFirst().orElse(null);
            Optional<Column> column = table == null ? Optional.empty() : schema.table(table).filter(t -> !t.partial())
                    .flatMap(t -> t.column(literal.column().column()));
            if (column.isEmpty() || column.get().type() == null) {
                continue;
            }
            // a write must fit; a comparison fails only where the server converts the literal to the column's type
            // and refuses what does not convert: a PostgreSQL enum
            boolean judged = literal.written() || !mysql && column.get().type().family() == ColumnType.Family.ENUM;
            if (judged) {
                column.get().type().rejects(literal.value(), literal.string()).ifPresent(why -> out.add(
                        (literal.written() ? "the value " : "the comparison with ") + show(literal) + " no longer fits "
                        + table + "." + column.get().name() + " (" + column.get().type().describe() + "): " + why));
            }
        }
        return out.stream().distinct().toList();
    }
}
