package dev.pitstop.internal.parse;

import dev.pitstop.internal.parse.SchemaEdit.ColumnDef;
import dev.pitstop.internal.parse.SchemaEdit.KeyDef;
import dev.pitstop.internal.parse.SchemaEdit.KeyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterType;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.type.CreateType;
import net.sf.jsqlparser.statement.create.type.EnumTypeDefinition;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * Reads what a parsed statement does to the schema out of JSqlParser's model, clause by clause, for the
 * compatibility checker's offline replay. Kept apart from {@link StatementParser}'s planning view: the
 * planner needs to know whether it can run a statement, the checker needs every effect of it. Clauses it
 * does not model (foreign keys, checks, comments, options) yield nothing.
 */
final class SchemaEditReader {
    /** Column words that make the server fill the column when an INSERT leaves it out. */
    private static final Set<String> GENERATING = Set.of("AUTO_INCREMENT", "IDENTITY", "GENERATED", "AS", "SERIAL");
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

    private SchemaEditReader() {
    }

    static List<SchemaEdit> read(Statement statement) {
        List<SchemaEdit> edits = new ArrayList<>();
        if (statement instanceof CreateTable ct && ct.getSelect() == null && ct.getColumnDefinitions() != null) {
            String table = name(ct.getTable());
            List<ColumnDef> columns = new ArrayList<>();
            ct.getColumnDefinitions().forEach(c -> columns.add(column(c)));
            List<KeyDef> keys = new ArrayList<>();
            if (ct.getIndexes() != null) {
                ct.getIndexes().forEach(i -> {
                    KeyDef key = key(i);
                    if (key != null) {
                        keys.add(key);
                    }
                });
            }
            edits.add(new SchemaEdit.CreateTable(table, columns, keys));
        } else if (statement instanceof CreateIndex ci) {
            String type = ci.getIndex().getType();
            boolean unique = type != null && type.toUpperCase(Locale.ROOT).contains("UNIQUE");
            edits.add(new SchemaEdit.AddKey(name(ci.getTable()), new KeyDef(ci.getIndex().getName(),
                    unique ? KeyKind.UNIQUE : KeyKind.INDEX, columnNames(ci.getIndex().getColumnsNames()))));
        } else if (statement instanceof Alter alter) {
            String table = name(alter.getTable());
            alter.getAlterExpressions().forEach(e -> clause(table, e, edits));
        } else if (statement instanceof RenameTableStatement rename) {
            for (Map.Entry<Table, Table> pair : rename.getTableNames()) {
                edits.add(new SchemaEdit.RenameTable(name(pair.getKey()), name(pair.getValue())));
            }
        } else if (statement instanceof Drop drop && drop.getName() != null) {
            drop(drop, edits);
        } else if (statement instanceof Truncate truncate) {
            List<String> tables = new ArrayList<>();
            (truncate.getTables() == null || truncate.getTables().isEmpty() ? List.of(truncate.getTable())
                    : truncate.getTables()).forEach(t -> tables.add(name(t)));
            edits.add(new SchemaEdit.Truncate(tables));
        } else if (statement instanceof CreateType ct && ct.getDefinition() instanceof EnumTypeDefinition e) {
            edits.add(new SchemaEdit.CreateEnum(ct.getName(), e.getLabels().stream().map(StringValue::getValue).toList()));
        } else if (statement instanceof AlterType at && at.getAction() == AlterType.Action.ADD_VALUE && at.getValue() != null) {
            StringValue neighbour = at.getNeighborValue();
            edits.add(new SchemaEdit.AddEnumValue(at.getName(), at.getValue().getValue(),
                    neighbour == null ? null : neighbour.getValue(), at.getPosition() != null
                    && at.getPosition().name().equalsIgnoreCase("BEFORE")));
        } else if (statement instanceof AlterType at && at.getAction() == AlterType.Action.RENAME_VALUE) {
            edits.add(new SchemaEdit.RenameEnumValue(at.getName(), at.getValue().getValue(), at.getNewValue().getValue()));
        }
        return edits;
    }

    private static void drop(Drop drop, List<SchemaEdit> edits) {
        String type = drop.getType() == null ? "" : drop.getType().toUpperCase(Locale.ROOT);
        switch (type) {
            case "TABLE" -> edits.add(new SchemaEdit.DropTable(name(drop.getName())));
            case "SCHEMA", "DATABASE" -> edits.add(new SchemaEdit.DropSchema(type, drop.getName().getFullyQualifiedName()));
            case "INDEX" -> {
                List<String> words = new ArrayList<>();
                words.add(drop.getName().getFullyQualifiedName());
                if (drop.getParameters() != null) {
                    words.addAll(drop.getParameters());
                }
                if (words.get(0).equalsIgnoreCase("CONCURRENTLY") && words.size() > 1) {
                    words.remove(0);
                }
                String table = words.size() == 3 && words.get(1).equalsIgnoreCase("ON") ? words.get(2) : null;
                edits.add(new SchemaEdit.DropIndex(table, words.get(0)));
            }
            default -> {
                // views, functions, types...: not part of the table model
            }
        }
    }

    private static void clause(String table, AlterExpression e, List<SchemaEdit> edits) {
        switch (e.getOperation()) {
            case ADD -> {
                if (e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
                    e.getColDataTypeList().forEach(c -> edits.add(new SchemaEdit.AddColumn(table, column(c))));
                } else if (e.getIndex() != null) {
                    KeyDef key = key(e.getIndex());
                    if (key != null) {
                        edits.add(new SchemaEdit.AddKey(table, key));
                    }
                }
            }
            case DROP -> {
                if (e.getColumnName() != null && e.getIndex() == null && e.getConstraintName() == null) {
                    edits.add(new SchemaEdit.DropColumn(table, e.getColumnName()));
                } else if (e.getConstraintName() != null) {
                    edits.add(new SchemaEdit.DropConstraint(table, e.getConstraintName()));
                } else if (e.getIndex() != null && e.getIndex().getName() != null) {
                    edits.add(new SchemaEdit.DropIndex(table, e.getIndex().getName()));
                }
            }
            case DROP_PRIMARY_KEY -> edits.add(new SchemaEdit.DropPrimaryKey(table));
            case MODIFY, CHANGE -> {
                if (e.getColDataTypeList() == null) {
                    return;
                }
                for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                    if (e.getColumnOldName() != null && !e.getColumnOldName().equalsIgnoreCase(c.getColumnName())) {
                        edits.add(new SchemaEdit.RenameColumn(table, e.getColumnOldName(), c.getColumnName()));
                    }
                    edits.add(new SchemaEdit.ReplaceColumn(table, column(c)));
                }
            }
            case ALTER -> alterColumn(table, e, edits);
            case RENAME -> {
                if (e.getColumnOldName() != null && e.getColumnName() != null) {
                    edits.add(new SchemaEdit.RenameColumn(table, e.getColumnOldName(), e.getColumnName()));
                }
            }
            case RENAME_TABLE -> {
                if (e.getNewTableName() != null) {
                    edits.add(new SchemaEdit.RenameTable(table, e.getNewTableName()));
                }
            }
            default -> {
                // options, partitions, comments, ALGORITHM/LOCK: no effect on the model
            }
        }
    }

    private static void alterColumn(String table, AlterExpression e, List<SchemaEdit> edits) {
        if (e.getColDataTypeList() != null) {
            for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                if (c.isWithType()) {
                    edits.add(new SchemaEdit.ChangeType(table, c.getColumnName(), type(c.getColDataType().toString()),
                            c.getUsingExpression() == null ? null : c.getUsingExpression().toString()));
                }
            }
        }
        if (e.getColumnSetNotNullList() != null) {
            e.getColumnSetNotNullList().forEach(c -> edits.add(new SchemaEdit.SetNotNull(table, c.getColumnName(), true)));
        }
        if (e.getColumnDropNotNullList() != null) {
            e.getColumnDropNotNullList().forEach(c -> edits.add(new SchemaEdit.SetNotNull(table, c.getColumnName(), false)));
        }
        if (e.getColumnSetDefaultList() != null) {
            e.getColumnSetDefaultList().forEach(c -> edits.add(new SchemaEdit.SetDefault(table, c.getColumnName(),
                    c.getDefaultValue())));
        }
        if (e.getColumnDropDefaultList() != null) {
            e.getColumnDropDefaultList().forEach(c -> edits.add(new SchemaEdit.SetDefault(table, c.getColumnName(), null)));
        }
    }

    /** A key of CREATE TABLE or ADD ...; null for foreign keys, checks and other constraints. */
    private static KeyDef key(Index index) {
        if (index instanceof ForeignKeyIndex || index instanceof CheckConstraint || index.getColumnsNames() == null) {
            return null;
        }
        String type = index.getType() == null ? "INDEX" : index.getType().toUpperCase(Locale.ROOT);
        KeyKind kind = type.startsWith("PRIMARY") ? KeyKind.PRIMARY : type.startsWith("UNIQUE") ? KeyKind.UNIQUE
                : type.matches("INDEX|KEY") ? KeyKind.INDEX : null;
        return kind == null ? null : new KeyDef(index.getName(), kind, columnNames(index.getColumnsNames()));
    }

    /** Column names of a key, without MySQL prefix lengths ({@code name (10)}) or ordering. */
    private static List<String> columnNames(List<String> written) {
        return written.stream().map(c -> c.strip().split("[\\s(]", 2)[0]).toList();
    }

    /** Reads NOT NULL, DEFAULT, keys and generated values out of JSqlParser's flat list of column words. */
    private static ColumnDef column(ColumnDefinition c) {
        String type = type(c.getColDataType().toString());
        List<String> specs = c.getColumnSpecs() == null ? List.of() : c.getColumnSpecs();
        boolean notNull = false;
        boolean primaryKey = false;
        boolean unique = false;
        String defaultExpression = null;
        boolean generates = SERIAL_TYPES.contains(c.getColDataType().getDataType().toLowerCase(Locale.ROOT));
        for (int i = 0; i < specs.size(); i++) {
            String word = specs.get(i).strip().split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
            boolean nextIs = i + 1 < specs.size();
            if (word.equals("NOT") && nextIs && specs.get(i + 1).equalsIgnoreCase("NULL")) {
                notNull = true;
                i++;
            } else if (word.equals("DEFAULT") && nextIs) {
                defaultExpression = specs.get(++i);
            } else if (word.equals("PRIMARY")) {
                primaryKey = true;
                notNull = true;
            } else if (word.equals("UNIQUE")) {
                unique = true;
            } else if (GENERATING.contains(word)) {
                generates = true;
            }
        }
        return new ColumnDef(c.getColumnName(), type, notNull, defaultExpression, generates, primaryKey, unique);
    }

    /** A type as written with the parser's spacing removed: {@code varchar (50)} becomes {@code varchar(50)}. */
    static String type(String parsed) {
        return parsed.strip().replaceAll("\\s+\\(", "(").replaceAll(",\\s+", ",");
    }

    private static String name(Table table) {
        return table.getFullyQualifiedName();
    }
}
