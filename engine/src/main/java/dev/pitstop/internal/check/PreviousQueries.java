package dev.pitstop.internal.check;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.parse.ScriptSplitter;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.internal.parse.StatementParser;
import dev.pitstop.spi.ParserFlavor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The previous application version's own SQL ({@code --previous-queries FILE}): statements separated by {@code ;},
 * parsed with JSqlParser once, each reduced to the tables and columns it reads or writes. Statements other than
 * SELECT, INSERT, UPDATE and DELETE (SET, BEGIN, SHOW, ...) say nothing about the schema and are skipped; one that
 * does not parse is refused with its line, as a migration statement would be. {@link #NONE} when none was given.
 */
public record PreviousQueries(String file, List<PreviousQuery> queries) {
    public static final PreviousQueries NONE = new PreviousQueries(null, List.of());

    public PreviousQueries {
        queries = List.copyOf(queries);
    }

    public boolean given() {
        return file != null;
    }

    public static PreviousQueries load(Path path, ParserFlavor flavor) {
        if (path == null) {
            return NONE;
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "cannot read the previous queries file " + path + ": " + e);
        }
        String name = path.getFileName().toString();
        StatementParser parser = new StatementParser(flavor);
        List<PreviousQuery> queries = new ArrayList<>();
        for (SourceStatement source : new ScriptSplitter(flavor).split(content)) {
            Statement statement = parser.jsql(name, source);
            if (statement instanceof Select || statement instanceof Insert || statement instanceof Update
                    || statement instanceof Delete) {
                queries.add(read(name, source, statement));
            }
        }
        return new PreviousQueries(name, queries);
    }

    private static PreviousQuery read(String file, SourceStatement source, Statement statement) {
        References refs = new References();
        refs.getTables(statement);
        Set<PreviousQuery.ColumnRef> columns = new LinkedHashSet<>();
        for (Column c : refs.columns) {
            columns.add(refs.ref(c));
        }
        String insertInto = null;
        List<String> insertColumns = null;
        if (statement instanceof Insert insert) {
            insertInto = Names.of(insert.getTable().getName());
            if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
                insertColumns = insert.getColumns().stream().map(c -> Names.of(c.getColumnName())).toList();
                insertColumns.forEach(c -> columns.add(new PreviousQuery.ColumnRef(Names.of(insert.getTable().getName()), c)));
            }
        }
        if (statement instanceof Update update && update.getUpdateSets() != null) {
            for (UpdateSet set : update.getUpdateSets()) {
                set.getColumns().forEach(c -> columns.add(refs.ref(c)));
            }
        }
        List<PreviousQuery.Literal> literals = new ArrayList<>();
        if (statement instanceof Insert insert && insertColumns != null && insert.getValues() != null) {
            for (ExpressionList<?> row : rows(insert.getValues().getExpressions())) {
                for (int i = 0; i < row.size() && i < insertColumns.size(); i++) {
                    literal(row.get(i), new PreviousQuery.ColumnRef(insertInto, insertColumns.get(i)), true, literals);
                }
            }
        }
        if (statement instanceof Update update && update.getUpdateSets() != null) {
            for (UpdateSet set : update.getUpdateSets()) {
                for (int i = 0; i < set.getColumns().size() && i < set.getValues().size(); i++) {
                    literal(set.getValues().get(i), refs.ref(set.getColumns().get(i)), true, literals);
                }
            }
        }
        for (Expression[] pair : refs.compared) {
            literal(pair[1], refs.ref((Column) pair[0]), false, literals);
        }
        String text = source.text().strip().replaceAll("\\s+", " ");
        return new PreviousQuery(file, source.line(), text, Set.copyOf(refs.tables), List.copyOf(columns),
                Set.copyOf(refs.starTables), refs.unqualifiedStar, insertInto, insertColumns, literals);
    }

    /** The rows of a VALUES list: one row, or a list of parenthesised rows. */
    private static List<ExpressionList<?>> rows(ExpressionList<?> values) {
        if (values == null) {
            return List.of();
        }
        if (!values.isEmpty() && values.stream().allMatch(e -> e instanceof ExpressionList<?>)) {
            return values.stream().<ExpressionList<?>>map(e -> (ExpressionList<?>) e).toList();
        }
        return List.of(values);
    }

    /** A string or number literal (a negative number included) bound to the column; anything else is left alone. */
    private static void literal(Expression e, PreviousQuery.ColumnRef column, boolean written, List<PreviousQuery.Literal> out) {
        if (e instanceof StringValue v) {
            out.add(new PreviousQuery.Literal(column, v.getNotExcapedValue(), true, written));
        } else if (e instanceof LongValue v) {
            out.add(new PreviousQuery.Literal(column, v.getStringValue(), false, written));
        } else if (e instanceof DoubleValue v) {
            out.add(new PreviousQuery.Literal(column, v.toString(), false, written));
        } else if (e instanceof SignedExpression v && (v.getExpression() instanceof LongValue
                || v.getExpression() instanceof DoubleValue)) {
            out.add(new PreviousQuery.Literal(column, (v.getSign() == '-' ? "-" : "") + v.getExpression(), false, written));
        }
    }

    /** Tables (with their aliases) and columns, as JSqlParser's visitor walks the whole statement. */
    private static final class References extends TablesNamesFinder<Void> {
        final Set<String> tables = new LinkedHashSet<>();
        final Map<String, String> aliases = new HashMap<>();
        final List<Column> columns = new ArrayList<>();
        final Set<String> starTables = new LinkedHashSet<>();
        /** column = literal comparisons (IN lists too), each as {column, literal}. */
        final List<Expression[]> compared = new ArrayList<>();
        boolean unqualifiedStar;

        @Override
        public <S> Void visit(EqualsTo e, S context) {
            compare(e.getLeftExpression(), e.getRightExpression());
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(NotEqualsTo e, S context) {
            compare(e.getLeftExpression(), e.getRightExpression());
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(InExpression e, S context) {
            if (e.getRightExpression() instanceof ExpressionList<?> list) {
                list.forEach(item -> compare(e.getLeftExpression(), item));
            }
            return super.visit(e, context);
        }

        private void compare(Expression a, Expression b) {
            if (a instanceof Column && !(b instanceof Column)) {
                compared.add(new Expression[] {a, b});
            } else if (b instanceof Column && !(a instanceof Column)) {
                compared.add(new Expression[] {b, a});
            }
        }

        @Override
        public <S> Void visit(Table table, S context) {
            String name = Names.of(table.getName());
            if (name != null) {
                tables.add(name);
                aliases.put(name, name);
                if (table.getAlias() != null) {
                    aliases.put(Names.of(table.getAlias().getName()), name);
                }
            }
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            columns.add(column);
            return super.visit(column, context);
        }

        @Override
        public <S> Void visit(AllColumns all, S context) {
            unqualifiedStar = true;
            return super.visit(all, context);
        }

        @Override
        public <S> Void visit(AllTableColumns all, S context) {
            starTables.add(Names.of(all.getTable().getName()));
            return super.visit(all, context);
        }

        /** A column with its qualifier resolved to a table name; an alias of a subquery stays as written. */
        PreviousQuery.ColumnRef ref(Column c) {
            String qualifier = c.getTable() == null || c.getTable().getName() == null ? null : Names.of(c.getTable().getName());
            return new PreviousQuery.ColumnRef(qualifier == null ? null : aliases.getOrDefault(qualifier, qualifier),
                    Names.of(c.getColumnName()));
        }
    }
}
