package dev.pitstop.internal.parse;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.parse.ParsedStatement.NewColumn;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Parses one statement with JSqlParser and turns it into a {@link ParsedStatement}. This is the only
 * class that sees JSqlParser's model. A statement that does not parse is an error naming file and line. It
 * stays one class so that JSqlParser's model stays in one place; the schema effects are {@link SchemaEditReader}'s.
 */
public final class StatementParser {
    private static final long PARSE_TIMEOUT_MS = 10_000;
    /** Column clauses that make ADD COLUMN rewrite the table, scan it, or lock other tables. */
    private static final Set<String> BLOCKING_SPECS = Set.of("PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED",
            "AUTO_INCREMENT", "IDENTITY", "AS", "CONSTRAINT", "STORED", "VIRTUAL");
    /** Types that carry a volatile default (a sequence): every existing row gets its own value. */
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

    /** The name in ADD CONSTRAINT name ..., which JSqlParser drops for a PostgreSQL UNIQUE. */
    private static final Pattern CONSTRAINT_NAME = Pattern.compile(
            "(?is)\\bADD\\s+CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|[\\w$]+)");

    /**
     * The threads JSqlParser enforces {@link #PARSE_TIMEOUT_MS} on. Shared and reused: JSqlParser would otherwise
     * start and stop a thread per statement (parsing 1,400 statements took 4.1-4.7 s that way here, 3.3 s reusing
     * threads, both on a loaded machine). Cached rather
     * than single, so a statement that hits the timeout (its thread keeps parsing) does not hold up the next.
     */
    private static final ExecutorService PARSE_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pitstop-parse");
        t.setDaemon(true);
        return t;
    });

    private final ParserFlavor flavor;

    public StatementParser(ParserFlavor flavor) {
        this.flavor = flavor;
    }

    /**
     * @param file the script name, for messages
     */
    public ParsedStatement parse(String file, SourceStatement source) {
        return convert(source, jsql(file, source));
    }

    /**
     * What the planner sees of a statement and, for the compatibility checker, everything it does to the
     * schema; parsed once.
     *
     * @param edits the statement's effects on tables, keys and enum types, clause by clause (empty for data
     *     statements and for kinds the checker does not model)
     */
    public record Analysis(ParsedStatement statement, List<SchemaEdit> edits) {
        public Analysis {
            edits = List.copyOf(edits);
        }
    }

    /** {@link #parse} plus the statement's {@link SchemaEdit}s. */
    public Analysis analyse(String file, SourceStatement source) {
        Statement statement = jsql(file, source);
        return new Analysis(convert(source, statement), SchemaEditReader.read(statement));
    }

    /** JSqlParser's tree of any statement (also queries), under the same timeout; INVALID_SQL when it does not parse. */
    public Statement jsql(String file, SourceStatement source) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(source.text(), PARSE_THREADS, parser -> parser
                    .withDialect(flavor == ParserFlavor.POSTGRES
                            ? AbstractJSqlParser.Dialect.POSTGRESQL : AbstractJSqlParser.Dialect.MYSQL)
                    .withTimeOut(PARSE_TIMEOUT_MS));
        } catch (JSQLParserException | RuntimeException e) {
            String reason = reason(e);
            throw new PitstopException(ErrorCode.INVALID_SQL, file + ":" + errorLine(source, reason)
                    + ": statement does not parse: " + firstLine(source.text()) + " (" + reason
                    + "). Fix the statement; nothing was changed.", e);
        }
        return statement;
    }

    private ParsedStatement convert(SourceStatement source, Statement statement) {
        if (statement instanceof CreateTable ct) {
            if (ct.getSelect() != null) {
                return new ParsedStatement.Other(source, "CREATE TABLE ... AS SELECT");
            }
            return new ParsedStatement.CreateTable(source, ct.getTable().getFullyQualifiedName(), ct.isIfNotExists());
        }
        if (statement instanceof CreateIndex ci) {
            boolean unique = ci.getIndex().getType() != null
                    && ci.getIndex().getType().toUpperCase(Locale.ROOT).contains("UNIQUE");
            return new ParsedStatement.CreateIndex(source, ci.getTable().getFullyQualifiedName(), ci.getIndex().getName(),
                    unique, ci.isUsingIfNotExists());
        }
        if (statement instanceof Alter alter) {
            return alter(source, alter);
        }
        if (statement instanceof Insert insert) {
            return new ParsedStatement.Insert(source, insert.getTable().getFullyQualifiedName(),
                    insert.getSelect() != null && !(insert.getSelect() instanceof Values));
        }
        if (statement instanceof Update update) {
            return update(source, update);
        }
        if (statement instanceof Delete delete) {
            return delete(source, delete);
        }
        // one table, no CASCADE or other parameters (JSqlParser keeps only the first of several names)
        if (statement instanceof Drop drop && "TABLE".equalsIgnoreCase(drop.getType()) && drop.getName() != null
                && (drop.getParameters() == null || drop.getParameters().isEmpty())
                && drop.toString().equalsIgnoreCase("DROP TABLE " + (drop.isIfExists() ? "IF EXISTS " : "") + drop.getName())) {
            return new ParsedStatement.DropTable(source, drop.getName().getFullyQualifiedName(), drop.isIfExists());
        }
        if (statement instanceof Drop drop && "INDEX".equalsIgnoreCase(drop.getType()) && drop.getName() != null) {
            ParsedStatement.DropIndex index = dropIndex(source, drop);
            if (index != null) {
                return index;
            }
        }
        if (statement instanceof RenameTableStatement rename && rename.getTableNames().size() == 1) {
            Map.Entry<Table, Table> pair = rename.getTableNames().iterator().next();
            if (Identifiers.qualifier(pair.getValue().getFullyQualifiedName()).isEmpty()) {
                return new ParsedStatement.RenameTable(source, pair.getKey().getFullyQualifiedName(),
                        pair.getValue().getFullyQualifiedName());
            }
        }
        return new ParsedStatement.Other(source, describe(statement));
    }

    private static ParsedStatement update(SourceStatement source, Update update) {
        String problem = update.getJoins() != null && !update.getJoins().isEmpty()
                || update.getStartJoins() != null && !update.getStartJoins().isEmpty() || update.getFromItem() != null
                ? "joins another table" : update.getWithItemsList() != null && !update.getWithItemsList().isEmpty() ? "has a WITH clause"
                : update.getOrderByElements() != null || update.getLimit() != null ? "has ORDER BY or LIMIT"
                : update.getReturningClause() != null ? "has RETURNING" : update.getTable().getAlias() != null ? "aliases the table"
                : update.isModifierIgnore() ? "has IGNORE" : null;
        String set = update.getUpdateSets().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
        List<String> columns = new ArrayList<>();
        update.getUpdateSets().forEach(u -> u.getColumns().forEach(c -> columns.add(c.getColumnName())));
        return new ParsedStatement.DataChange(source, update.getTable().getFullyQualifiedName(), set, columns,
                update.getWhere() == null ? null : update.getWhere().toString(), problem);
    }

    private static ParsedStatement delete(SourceStatement source, Delete delete) {
        String problem = delete.getJoins() != null && !delete.getJoins().isEmpty()
                || delete.getTables() != null && !delete.getTables().isEmpty()
                || delete.getUsingList() != null && !delete.getUsingList().isEmpty()
                || delete.getUsingFromItemList() != null && !delete.getUsingFromItemList().isEmpty()
                ? "joins another table" : delete.getWithItemsList() != null && !delete.getWithItemsList().isEmpty() ? "has a WITH clause"
                : delete.getOrderByElements() != null || delete.getLimit() != null ? "has ORDER BY or LIMIT"
                : delete.getReturningClause() != null ? "has RETURNING" : delete.getTable().getAlias() != null ? "aliases the table"
                : delete.isModifierIgnore() ? "has IGNORE" : null;
        return new ParsedStatement.DataChange(source, delete.getTable().getFullyQualifiedName(), null, List.of(),
                delete.getWhere() == null ? null : delete.getWhere().toString(), problem);
    }

    /**
     * DROP INDEX [CONCURRENTLY] [IF EXISTS] i [ON t] with one index and no other clause, else null. JSqlParser
     * reads CONCURRENTLY as the name and keeps only the first of several names, hence the comparison of texts.
     */
    private static ParsedStatement.DropIndex dropIndex(SourceStatement source, Drop drop) {
        List<String> words = new ArrayList<>();
        words.add(drop.getName().getFullyQualifiedName());
        if (drop.getParameters() != null) {
            words.addAll(drop.getParameters());
        }
        boolean concurrently = words.get(0).equalsIgnoreCase("CONCURRENTLY");
        if (concurrently) {
            words.remove(0);
        }
        String table = null;
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("ON")) {
            table = words.get(2);
        } else if (words.size() != 1) {
            return null;
        }
        String expected = "DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + (drop.isIfExists() ? "IF EXISTS " : "")
                + words.get(0) + (table == null ? "" : " ON " + table);
        if (!drop.toString().replaceAll("\\s+", " ").equalsIgnoreCase(expected)) {
            return null;
        }
        return new ParsedStatement.DropIndex(source, table, words.get(0), drop.isIfExists());
    }

    private ParsedStatement alter(SourceStatement source, Alter alter) {
        String table = alter.getTable().getFullyQualifiedName();
        ParsedStatement.RenameColumn rename = renameColumn(source, table, alter);
        if (rename != null) {
            return rename;
        }
        List<AlterExpression> clauses = alter.getAlterExpressions();
        if (clauses.size() == 1 && clauses.get(0).getOperation() == AlterOperation.RENAME_TABLE
                && clauses.get(0).getNewTableName() != null
                && Identifiers.qualifier(clauses.get(0).getNewTableName()).isEmpty()) {
            return new ParsedStatement.RenameTable(source, table, clauses.get(0).getNewTableName());
        }
        if (clauses.size() == 1 && clauses.get(0).getOperation() == AlterOperation.DROP && clauses.get(0).getIndex() != null
                && clauses.get(0).getIndex().getName() != null && clauses.get(0).getIndex().getType() != null
                && clauses.get(0).getIndex().getType().matches("(?i)INDEX|KEY")) {
            return new ParsedStatement.DropIndex(source, table, clauses.get(0).getIndex().getName(), false);
        }
        List<ParsedStatement.TypeChange> typeChanges = typeChanges(alter);
        if (typeChanges != null) {
            return new ParsedStatement.AlterColumnTypes(source, table, typeChanges);
        }
        ParsedStatement.PrimaryKey primaryKey = primaryKey(source, table, alter);
        if (primaryKey != null) {
            return primaryKey;
        }
        ParsedStatement columnChange = columnChange(source, table, alter);
        if (columnChange != null) {
            return columnChange;
        }
        ParsedStatement constraint = addConstraint(source, table, alter);
        if (constraint != null) {
            return constraint;
        }
        List<String> dropped = droppedColumns(alter);
        if (dropped != null) {
            return new ParsedStatement.DropColumns(source, table, dropped);
        }
        if (flavor == ParserFlavor.MYSQL && rewritesColumns(alter)) {
            List<NewColumn> added = new ArrayList<>();
            for (AlterExpression e : alter.getAlterExpressions()) {
                if (e.getOperation() == AlterOperation.ADD) {
                    e.getColDataTypeList().forEach(c -> added.add(column(c, e.isUseIfNotExists())));
                }
            }
            return new ParsedStatement.TableRewrite(source, table, added);
        }
        List<NewColumn> columns = new ArrayList<>();
        for (AlterExpression e : alter.getAlterExpressions()) {
            if (e.getOperation() != AlterOperation.ADD || e.getColDataTypeList() == null || e.getColDataTypeList().isEmpty()) {
                return new ParsedStatement.Other(source, "ALTER TABLE " + table + " " + e.getOperation()
                        + (e.getOperation() == AlterOperation.ADD ? " (constraint or index)" : ""));
            }
            for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                columns.add(column(c, e.isUseIfNotExists()));
            }
        }
        return new ParsedStatement.AddColumns(source, table, columns);
    }

    /** RENAME COLUMN a TO b, or (MySQL) CHANGE a b definition with a new name, as the only clause; else null. */
    private ParsedStatement.RenameColumn renameColumn(SourceStatement source, String table, Alter alter) {
        if (alter.getAlterExpressions().size() != 1) {
            return null;
        }
        AlterExpression e = alter.getAlterExpressions().get(0);
        if (e.getOperation() == AlterOperation.RENAME && e.getColumnOldName() != null && e.getColumnName() != null) {
            return new ParsedStatement.RenameColumn(source, table, e.getColumnOldName(), e.getColumnName(), null);
        }
        if (flavor == ParserFlavor.MYSQL && e.getOperation() == AlterOperation.CHANGE && e.getColumnOldName() != null
                && e.getColDataTypeList() != null && e.getColDataTypeList().size() == 1
                && !e.getColDataTypeList().get(0).getColumnName().equalsIgnoreCase(e.getColumnOldName())) {
            AlterExpression.ColumnDataType c = e.getColDataTypeList().get(0);
            String definition = c.getColDataType() + (c.getColumnSpecs() == null ? "" : " " + String.join(" ", c.getColumnSpecs()));
            return new ParsedStatement.RenameColumn(source, table, e.getColumnOldName(), c.getColumnName(), definition);
        }
        return null;
    }

    /**
     * One ALTER [COLUMN] c SET/DROP NOT NULL or SET/DROP DEFAULT clause; several such clauses (or one with others)
     * are described as a statement without an online plan, so each is written on its own. Null for other ALTERs.
     */
    private static ParsedStatement columnChange(SourceStatement source, String table, Alter alter) {
        List<ParsedStatement.ColumnChange> changes = new ArrayList<>();
        for (AlterExpression e : alter.getAlterExpressions()) {
            if (e.getColumnSetNotNullList() != null && !e.getColumnSetNotNullList().isEmpty()) {
                e.getColumnSetNotNullList().forEach(c -> changes.add(new ParsedStatement.ColumnChange(source, table,
                        c.getColumnName(), ParsedStatement.ColumnChange.Change.SET_NOT_NULL, null)));
            }
            if (e.getColumnDropNotNullList() != null && !e.getColumnDropNotNullList().isEmpty()) {
                e.getColumnDropNotNullList().forEach(c -> changes.add(new ParsedStatement.ColumnChange(source, table,
                        c.getColumnName(), ParsedStatement.ColumnChange.Change.DROP_NOT_NULL, null)));
            }
            if (e.getColumnSetDefaultList() != null && !e.getColumnSetDefaultList().isEmpty()) {
                e.getColumnSetDefaultList().forEach(c -> changes.add(new ParsedStatement.ColumnChange(source, table,
                        c.getColumnName(), ParsedStatement.ColumnChange.Change.SET_DEFAULT, c.getDefaultValue())));
            }
            if (e.getColumnDropDefaultList() != null && !e.getColumnDropDefaultList().isEmpty()) {
                e.getColumnDropDefaultList().forEach(c -> changes.add(new ParsedStatement.ColumnChange(source, table,
                        c.getColumnName(), ParsedStatement.ColumnChange.Change.DROP_DEFAULT, null)));
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        if (changes.size() > 1 || alter.getAlterExpressions().size() > 1) {
            return new ParsedStatement.Other(source, "ALTER TABLE " + table + " with several clauses where one is SET/DROP "
                    + "NOT NULL or SET/DROP DEFAULT (write one ALTER TABLE statement per clause)");
        }
        return changes.get(0);
    }

    /** One ADD [CONSTRAINT n] FOREIGN KEY / CHECK / UNIQUE clause, else null (several: no online plan). */
    private static ParsedStatement addConstraint(SourceStatement source, String table, Alter alter) {
        List<AlterExpression> clauses = alter.getAlterExpressions();
        AlterExpression add = clauses.get(0);
        if (add.getOperation() != AlterOperation.ADD || add.getIndex() == null) {
            return null;
        }
        Index index = add.getIndex();
        ParsedStatement.AddConstraint.ConstraintKind kind;
        if (index instanceof ForeignKeyIndex) {
            kind = ParsedStatement.AddConstraint.ConstraintKind.FOREIGN_KEY;
        } else if (index instanceof CheckConstraint) {
            kind = ParsedStatement.AddConstraint.ConstraintKind.CHECK;
        } else if (index.getType() != null && index.getType().toUpperCase(Locale.ROOT).startsWith("UNIQUE")) {
            kind = ParsedStatement.AddConstraint.ConstraintKind.UNIQUE;
        } else {
            return null;
        }
        if (clauses.size() > 1) {
            return new ParsedStatement.Other(source, "ALTER TABLE " + table + " with several clauses where one adds a "
                    + "constraint (write one ALTER TABLE statement per constraint)");
        }
        String name = index.getName();
        if (name == null) {
            Matcher m = CONSTRAINT_NAME.matcher(source.text());
            name = m.find() ? m.group(1) : null;
        }
        List<String> columns = kind == ParsedStatement.AddConstraint.ConstraintKind.CHECK || index.getColumnsNames() == null
                ? List.of() : index.getColumnsNames();
        if (index instanceof ForeignKeyIndex fk) {
            return new ParsedStatement.AddConstraint(source, table, name, kind, columns,
                    fk.getTable().getFullyQualifiedName(), fk.getReferencedColumnNames());
        }
        return new ParsedStatement.AddConstraint(source, table, name, kind, columns, null, List.of());
    }

    /** The columns of an ALTER that only drops columns, else null. */
    private static List<String> droppedColumns(Alter alter) {
        List<String> columns = new ArrayList<>();
        for (AlterExpression e : alter.getAlterExpressions()) {
            if (e.getOperation() != AlterOperation.DROP || e.getColumnName() == null || e.getConstraintName() != null
                    || e.getIndex() != null) {
                return null;
            }
            columns.add(e.getColumnName());
        }
        return columns.isEmpty() ? null : columns;
    }

    /** MODIFY / CHANGE (same name) clauses, with perhaps ADD COLUMN clauses, and nothing else. */
    private static boolean rewritesColumns(Alter alter) {
        boolean modifies = false;
        for (AlterExpression e : alter.getAlterExpressions()) {
            boolean column = e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty();
            if ((e.getOperation() == AlterOperation.MODIFY || e.getOperation() == AlterOperation.CHANGE) && column) {
                if (e.getColumnOldName() != null && e.getColDataTypeList().stream()
                        .anyMatch(c -> !c.getColumnName().equalsIgnoreCase(e.getColumnOldName()))) {
                    return false;
                }
                modifies = true;
            } else if (!(e.getOperation() == AlterOperation.ADD && column)) {
                return false;
            }
        }
        return modifies;
    }

    /** [DROP CONSTRAINT old,] ADD [CONSTRAINT name] PRIMARY KEY (columns), else null. */
    private static ParsedStatement.PrimaryKey primaryKey(SourceStatement source, String table, Alter alter) {
        List<AlterExpression> clauses = alter.getAlterExpressions();
        AlterExpression add = clauses.get(clauses.size() - 1);
        if (add.getOperation() != AlterOperation.ADD || add.getIndex() == null || add.getIndex().getType() == null
                || !add.getIndex().getType().equalsIgnoreCase("PRIMARY KEY") || clauses.size() > 2) {
            return null;
        }
        String drop = null;
        if (clauses.size() == 2) {
            AlterExpression first = clauses.get(0);
            if (first.getOperation() != AlterOperation.DROP || first.getConstraintName() == null) {
                return null;
            }
            drop = first.getConstraintName();
        }
        return new ParsedStatement.PrimaryKey(source, table, drop, add.getIndex().getName(),
                add.getIndex().getColumnsNames());
    }

    /** The column type changes when every clause is ALTER COLUMN ... TYPE, else null. */
    private static List<ParsedStatement.TypeChange> typeChanges(Alter alter) {
        List<ParsedStatement.TypeChange> changes = new ArrayList<>();
        for (AlterExpression e : alter.getAlterExpressions()) {
            if (e.getOperation() != AlterOperation.ALTER || e.getColDataTypeList() == null
                    || e.getColDataTypeList().isEmpty()) {
                return null;
            }
            for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                if (!c.isWithType()) {
                    return null;
                }
                String type = c.getColDataType().toString().replaceAll("\\s+\\(", "(").replaceAll(",\\s+", ",");
                changes.add(new ParsedStatement.TypeChange(c.getColumnName(), type,
                        c.getUsingExpression() == null ? null : c.getUsingExpression().toString()));
            }
        }
        return changes;
    }

    /** Reads NOT NULL / DEFAULT / other clauses out of JSqlParser's flat list of words. */
    static NewColumn column(AlterExpression.ColumnDataType c, boolean ifNotExists) {
        String type = c.getColDataType().toString();
        List<String> specs = c.getColumnSpecs() == null ? List.of() : c.getColumnSpecs();
        boolean notNull = false;
        String defaultExpression = null;
        boolean serial = SERIAL_TYPES.contains(c.getColDataType().getDataType().toLowerCase(Locale.ROOT));
        String blocker = null;
        for (int i = 0; i < specs.size(); i++) {
            String word = specs.get(i).strip().split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
            if (word.equals("NOT") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("NULL")) {
                notNull = true;
                i++;
            } else if (word.equals("DEFAULT") && i + 1 < specs.size()) {
                defaultExpression = specs.get(++i);
            } else if (BLOCKING_SPECS.contains(word) && blocker == null) {
                blocker = specs.get(i);
            }
        }
        boolean constant = !serial && (defaultExpression == null || isLiteral(defaultExpression));
        return new NewColumn(c.getColumnName(), type, notNull, serial ? "nextval (" + type + ")" : defaultExpression,
                constant, ifNotExists, blocker);
    }

    /** A number, a quoted string (optionally cast with ::type), TRUE, FALSE or NULL. */
    static boolean isLiteral(String expression) {
        String e = expression.trim();
        return e.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")
                || e.matches("(?is)[EN]?'([^']|'')*'(::[\\w ]+(\\([\\d, ]+\\))?)?")
                || e.matches("(?i)true|false|null");
    }

    /** The file line of the parser's complaint: the statement's first line plus the parser's line within it. */
    private static int errorLine(SourceStatement source, String reason) {
        Matcher m = Pattern.compile("at line (\\d+)").matcher(reason);
        return m.find() ? source.line() + Integer.parseInt(m.group(1)) - 1 : source.line();
    }

    private static String describe(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
