package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ParsedStatement.NewColumn;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.List;

/**
 * ALTER TABLE ... ADD COLUMN, nullable or with a constant default: a metadata-only change on
 * PostgreSQL 11+ and INSTANT on MySQL 8 / MariaDB 10.4+, run in EXPAND under a short lock timeout. The
 * previous application version never names the new column, so it keeps working.
 *
 * <p>Refused at planning: a NOT NULL column without default (the previous version's INSERTs would
 * fail), a non-constant default or a serial type (the server would rewrite the table), and key,
 * generated or constraint clauses (they scan or rewrite).
 */
public record AddColumnsStep(ParsedStatement.AddColumns statement) implements Step {

    /** Why this statement cannot run online yet, or null when it can. */
    public static String refusal(ParsedStatement.AddColumns statement) {
        for (NewColumn c : statement.columns()) {
            String problem = problem(c);
            if (problem != null) {
                return "ADD COLUMN " + c.name() + " to " + statement.table() + " " + problem
                        + ". Add the column nullable or with a constant DEFAULT, and fill it with an UPDATE in a later migration";
            }
        }
        return null;
    }

    private static String problem(NewColumn c) {
        if (c.blocker() != null) {
            return "uses " + c.blocker() + ", which makes the server scan or rewrite the table (online rebuild is not supported yet)";
        }
        if (!c.constantDefault()) {
            return "has the non-constant default " + c.defaultExpression()
                    + ", which makes the server rewrite the table (online rebuild is not supported yet)";
        }
        if (c.notNull() && c.defaultExpression() == null) {
            return "is NOT NULL without a DEFAULT, which fails on existing rows and breaks the previous version's INSERTs";
        }
        return null;
    }

    @Override
    public String kind() {
        return "add-column";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        List<String> names = statement.columns().stream().map(NewColumn::name).toList();
        return List.of(new Action(Phase.EXPAND, "add column " + String.join(", ", names) + " to " + statement.table(),
                dialect.onlineDdl().addColumns(statement.source().text()), true));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return statement.columns().stream().allMatch(c -> catalog.columnExists(statement.table(), c.name()));
    }
}
