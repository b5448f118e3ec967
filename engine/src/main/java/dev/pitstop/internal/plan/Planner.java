package dev.pitstop.internal.plan;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ScriptSplitter;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.internal.parse.StatementParser;
import dev.pitstop.internal.step.AddColumnsStep;
import dev.pitstop.internal.step.AlterColumnTypeStep;
import dev.pitstop.internal.step.AlterTableStep;
import dev.pitstop.internal.step.CheckConstraintStep;
import dev.pitstop.internal.step.ColumnDefaultStep;
import dev.pitstop.internal.step.CreateIndexStep;
import dev.pitstop.internal.step.CreateTableStep;
import dev.pitstop.internal.step.DataChangeStep;
import dev.pitstop.internal.step.DropIndexStep;
import dev.pitstop.internal.step.DropNotNullStep;
import dev.pitstop.internal.step.DropStep;
import dev.pitstop.internal.step.ForeignKeyStep;
import dev.pitstop.internal.step.InsertStep;
import dev.pitstop.internal.step.PrimaryKeyStep;
import dev.pitstop.internal.step.RebuildTableStep;
import dev.pitstop.internal.step.RenameColumnStep;
import dev.pitstop.internal.step.RenameTableStep;
import dev.pitstop.internal.step.SetNotNullStep;
import dev.pitstop.internal.step.Step;
import dev.pitstop.internal.step.UniqueConstraintStep;
import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a migration file into steps. Statements Pitstop cannot yet run online are refused here, before
 * anything runs: they are never executed as plain blocking statements.
 */
public final class Planner {
    static final String SUPPORTED = "Supported now: CREATE TABLE, CREATE [UNIQUE] INDEX (built online), "
            + "ALTER TABLE ... ADD COLUMN (nullable or with a constant default; on PostgreSQL also a volatile default, "
            + "through an online table rebuild), ALTER COLUMN ... TYPE (metadata-only changes; on PostgreSQL any change, "
            + "through an online table rebuild), ALTER TABLE ... [DROP CONSTRAINT pkey,] ADD PRIMARY KEY over NOT NULL columns "
            + "(PostgreSQL, index built online), MODIFY / CHANGE (MySQL, online table rebuild), DROP COLUMN, "
            + "DROP TABLE and DROP INDEX (at contract), ALTER TABLE ... RENAME TO and (MySQL) RENAME TABLE (an updatable view "
            + "under the old name until contract), RENAME COLUMN (both names kept in sync until contract), "
            + "ALTER COLUMN ... SET NOT NULL / DROP NOT NULL (PostgreSQL; validated through a NOT VALID check), "
            + "ALTER COLUMN ... SET DEFAULT / DROP DEFAULT, ADD CONSTRAINT name FOREIGN KEY (PostgreSQL, MariaDB) and CHECK "
            + "(PostgreSQL), validated without blocking writers, ADD CONSTRAINT name UNIQUE (built online), and data "
            + "statements UPDATE t SET ... [WHERE ...] / DELETE FROM t [WHERE ...] (run in keyset chunks) and INSERT ... VALUES";

    private final ParserFlavor flavor;
    private final ScriptSplitter splitter;
    private final StatementParser parser;

    public Planner(ParserFlavor flavor) {
        this.flavor = flavor;
        this.splitter = new ScriptSplitter(flavor);
        this.parser = new StatementParser(flavor);
    }

    public Plan plan(MigrationScript script) {
        List<Step> steps = new ArrayList<>();
        for (SourceStatement source : splitter.split(script.content())) {
            steps.add(step(script.name(), parser.parse(script.name(), source)));
        }
        return new Plan(script, mergeAlterTables(steps));
    }

    /**
     * Why the planner would refuse this statement before anything runs (no online plan for it), or null when
     * it plans it; for the compatibility checker, which reports the refusal with everything else it finds.
     */
    public String refusal(String file, ParsedStatement statement) {
        try {
            step(file, statement);
            return null;
        } catch (PitstopException e) {
            if (e.code() != ErrorCode.NOT_SUPPORTED_YET) {
                throw e;
            }
            return e.getMessage();
        }
    }

    /**
     * Consecutive ALTER TABLE statements of one table become one {@link AlterTableStep}, so a table that
     * needs rebuilding is copied once for all of them.
     */
    private static List<Step> mergeAlterTables(List<Step> steps) {
        List<Step> merged = new ArrayList<>();
        for (int i = 0; i < steps.size(); ) {
            String table = AlterTableStep.tableOf(steps.get(i));
            int end = i + 1;
            while (table != null && end < steps.size() && AlterTableStep.mergeable(steps.get(end), table)) {
                end++;
            }
            List<Step> run = steps.subList(i, end);
            if (run.size() > 1 && AlterTableStep.columnsDistinct(run)) {
                SourceStatement first = run.get(0).source();
                String text = String.join(";\n", run.stream().map(s -> s.source().text().strip()
                        .replaceFirst("\\s*;\\s*$", "")).toList());
                merged.add(new AlterTableStep(table, run, new SourceStatement(text, first.line(), first.leadingComments())));
            } else {
                merged.addAll(run);
            }
            i = end;
        }
        return merged;
    }

    /**
     * The step of one statement on its own (not merged with its neighbours), for the compatibility checker's
     * question whether it runs online on the connected server; NOT_SUPPORTED_YET when the planner refuses it.
     */
    public Step step(String file, ParsedStatement statement) {
        String where = file + ":" + statement.source().line();
        if (statement instanceof ParsedStatement.CreateTable t) {
            return new CreateTableStep(t);
        }
        if (statement instanceof ParsedStatement.CreateIndex i) {
            if (i.index() == null) {
                throw notYet(where + ": CREATE INDEX on " + i.table() + " has no name; name the index "
                        + "(CREATE INDEX <name> ON ...) so that Pitstop can find it again when a run is resumed.");
            }
            return new CreateIndexStep(i);
        }
        if (statement instanceof ParsedStatement.TableRewrite r) {
            String refusal = AddColumnsStep.refusal(new ParsedStatement.AddColumns(r.source(), r.table(), r.added()));
            if (refusal != null) {
                throw notYet(where + ": " + refusal + ".");
            }
            return new RebuildTableStep(r.source(), r.table(), List.of(), AddColumnsStep.clausesOf(r.source().text()));
        }
        if (statement instanceof ParsedStatement.PrimaryKey k) {
            return new PrimaryKeyStep(k);
        }
        if (statement instanceof ParsedStatement.AlterColumnTypes t) {
            return new AlterColumnTypeStep(t);
        }
        if (statement instanceof ParsedStatement.AddColumns a) {
            String refusal = AddColumnsStep.refusal(a);
            if (refusal != null) {
                throw notYet(where + ": " + refusal + ".");
            }
            return new AddColumnsStep(a);
        }
        if (statement instanceof ParsedStatement.ColumnChange c) {
            return switch (c.change()) {
                case SET_NOT_NULL -> new SetNotNullStep(c);
                case DROP_NOT_NULL -> new DropNotNullStep(c);
                case SET_DEFAULT, DROP_DEFAULT -> new ColumnDefaultStep(c);
            };
        }
        if (statement instanceof ParsedStatement.AddConstraint c) {
            if (c.name() == null) {
                throw notYet(where + ": ADD " + c.kind().name().replace('_', ' ') + " on " + c.table() + " has no name; "
                        + "name the constraint (ALTER TABLE " + c.table() + " ADD CONSTRAINT <name> ...) so that Pitstop can "
                        + "find it again when a run is resumed or aborted.");
            }
            return switch (c.kind()) {
                case FOREIGN_KEY -> new ForeignKeyStep(c);
                case CHECK -> new CheckConstraintStep(c);
                case UNIQUE -> new UniqueConstraintStep(c);
            };
        }
        if (statement instanceof ParsedStatement.DropColumns d) {
            return new DropStep(d.source(), d.table(), d.columns(), false);
        }
        if (statement instanceof ParsedStatement.DropTable d) {
            return new DropStep(d.source(), d.table(), List.of(), d.ifExists());
        }
        if (statement instanceof ParsedStatement.DataChange d) {
            if (d.problem() != null) {
                throw notYet(where + ": the " + (d.set() == null ? "DELETE" : "UPDATE") + " on " + d.table() + " " + d.problem()
                        + ", and Pitstop runs data statements as keyset chunks over one table. Write it as a plain "
                        + "UPDATE t SET ... WHERE ... (or DELETE FROM t WHERE ...) without those clauses; nothing was changed.");
            }
            return new DataChangeStep(d);
        }
        if (statement instanceof ParsedStatement.Insert i) {
            if (i.select()) {
                throw notYet(where + ": INSERT ... SELECT into " + i.table() + " copies rows in one statement of unbounded "
                        + "size, and Pitstop does not run it in chunks yet. Insert literal rows with INSERT ... VALUES, or "
                        + "copy in batches outside the migration; nothing was changed.");
            }
            return new InsertStep(i);
        }
        if (statement instanceof ParsedStatement.RenameColumn r) {
            return new RenameColumnStep(r);
        }
        if (statement instanceof ParsedStatement.RenameTable r) {
            return new RenameTableStep(r);
        }
        if (statement instanceof ParsedStatement.DropIndex d) {
            if (d.table() == null && flavor == ParserFlavor.MYSQL) {
                throw notYet(where + ": DROP INDEX " + d.index() + " names no table; write DROP INDEX " + d.index()
                        + " ON <table>.");
            }
            return new DropIndexStep(d);
        }
        ParsedStatement.Other other = (ParsedStatement.Other) statement;
        throw notYet(where + ": Pitstop has no online plan for " + other.what() + " yet, and it does not run it as a "
                + "plain blocking statement. " + SUPPORTED + ". Move this statement out of the migration; nothing was changed.");
    }

    private static PitstopException notYet(String message) {
        return new PitstopException(ErrorCode.NOT_SUPPORTED_YET, message);
    }
}
