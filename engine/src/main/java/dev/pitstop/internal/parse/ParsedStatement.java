package dev.pitstop.internal.parse;

import java.util.List;

/**
 * What Pitstop understood of one statement: the engine's own model, so nothing outside this package
 * depends on JSqlParser's classes. Table, index and column names are as written (quotes included);
 * the dialect normalises them for catalog lookups.
 */
public sealed interface ParsedStatement {

    SourceStatement source();

    /**
     * The table the statement works on, as written: the old name of a renamed table; null when it names none (a
     * PostgreSQL DROP INDEX, a statement the planner does not know).
     */
    default String table() {
        return null;
    }

    /** CREATE TABLE without AS SELECT. */
    record CreateTable(SourceStatement source, String table, boolean ifNotExists) implements ParsedStatement {
    }

    /** CREATE [UNIQUE] INDEX. */
    record CreateIndex(SourceStatement source, String table, String index, boolean unique, boolean ifNotExists)
            implements ParsedStatement {
    }

    /** ALTER TABLE whose every clause adds a column. */
    record AddColumns(SourceStatement source, String table, List<NewColumn> columns) implements ParsedStatement {
        public AddColumns {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A column an ALTER TABLE adds.
     *
     * @param defaultExpression the DEFAULT as written, null when none
     * @param constantDefault true when the default is a literal (number, string, boolean, NULL), so the server
     *     stores it once instead of rewriting the table; false for a volatile default such as now() or a
     *     serial type's sequence
     * @param blocker the first clause that makes the column unsafe to add online (e.g. "PRIMARY KEY",
     *     "REFERENCES"), null when none
     */
    record NewColumn(String name, String type, boolean notNull, String defaultExpression, boolean constantDefault,
                     boolean ifNotExists, String blocker) {
    }

    /**
     * ALTER TABLE ... [DROP CONSTRAINT old,] ADD [CONSTRAINT name] PRIMARY KEY (columns).
     *
     * @param dropConstraint the constraint the statement drops (the current primary key), null when none
     * @param name the new constraint's name, null when not given
     * @param columns the key columns as written
     */
    record PrimaryKey(SourceStatement source, String table, String dropConstraint, String name, List<String> columns)
            implements ParsedStatement {
        public PrimaryKey {
            columns = List.copyOf(columns);
        }
    }

    /**
     * MySQL/MariaDB ALTER TABLE that changes a column definition (MODIFY, or CHANGE keeping the name),
     * perhaps with added columns: InnoDB rebuilds the table for it, so it runs as an online rebuild.
     */
    record TableRewrite(SourceStatement source, String table, List<NewColumn> added) implements ParsedStatement {
        public TableRewrite {
            added = List.copyOf(added);
        }
    }

    /** ALTER TABLE whose every clause is ALTER COLUMN ... TYPE. */
    record AlterColumnTypes(SourceStatement source, String table, List<TypeChange> changes) implements ParsedStatement {
        public AlterColumnTypes {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One ALTER COLUMN ... TYPE.
     *
     * @param type the new type as written, spaces before parentheses removed, e.g. {@code numeric(12,2)}
     * @param using the USING expression, null when none
     */
    record TypeChange(String column, String type, String using) {
    }

    /**
     * ALTER TABLE ... ALTER [COLUMN] c SET NOT NULL | DROP NOT NULL | SET DEFAULT x | DROP DEFAULT: one clause.
     *
     * @param expression the default as written for SET DEFAULT, else null
     */
    record ColumnChange(SourceStatement source, String table, String column, Change change, String expression)
            implements ParsedStatement {
        /** What the clause changes. */
        public enum Change { SET_NOT_NULL, DROP_NOT_NULL, SET_DEFAULT, DROP_DEFAULT }
    }

    /**
     * ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY | CHECK | UNIQUE: one clause.
     *
     * @param name the constraint's name as written, null when none is given
     * @param columns the constrained columns as written (empty for CHECK)
     * @param referencedTable the referenced table of a foreign key, else null
     * @param referencedColumns the referenced columns of a foreign key, else empty
     */
    record AddConstraint(SourceStatement source, String table, String name, ConstraintKind kind, List<String> columns,
                         String referencedTable, List<String> referencedColumns) implements ParsedStatement {
        public AddConstraint {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }

        /** The kinds of constraint ADD CONSTRAINT plans online. */
        public enum ConstraintKind { FOREIGN_KEY, CHECK, UNIQUE }
    }

    /**
     * Any other statement that parsed: Pitstop knows what it is but has no online plan for it yet.
     *
     * @param what a short description, e.g. "ALTER TABLE orders ALTER COLUMN ... TYPE"
     */
    /** ALTER TABLE ... DROP [COLUMN] c [, DROP [COLUMN] d]: nothing but dropped columns. */
    record DropColumns(SourceStatement source, String table, List<String> columns) implements ParsedStatement {
        public DropColumns {
            columns = List.copyOf(columns);
        }
    }

    /** DROP TABLE [IF EXISTS] t. */
    record DropTable(SourceStatement source, String table, boolean ifExists) implements ParsedStatement {
    }

    /**
     * {@code UPDATE t SET ... [WHERE ...]} or {@code DELETE FROM t [WHERE ...]} on one table, run as keyset
     * chunks in BACKFILL.
     *
     * @param set the SET list as the parser renders it, null for a DELETE
     * @param setColumns the columns the SET list assigns, as written (empty for a DELETE)
     * @param where the condition as the parser renders it, null when none
     * @param problem why the statement cannot run in chunks (a join, ORDER BY, LIMIT, RETURNING, an alias),
     *     null when it can
     */
    record DataChange(SourceStatement source, String table, String set, List<String> setColumns, String where,
                      String problem) implements ParsedStatement {
        public DataChange {
            setColumns = List.copyOf(setColumns);
        }
    }

    /** INSERT INTO t ...; {@code select} true for INSERT ... SELECT (a copy of unbounded size). */
    record Insert(SourceStatement source, String table, boolean select) implements ParsedStatement {
    }

    /** ALTER TABLE t RENAME COLUMN a TO b (MySQL/MariaDB also: CHANGE a b with the column's definition). */
    record RenameColumn(SourceStatement source, String table, String from, String to, String definition)
            implements ParsedStatement {
    }

    /**
     * ALTER TABLE a RENAME TO b, or MySQL's RENAME TABLE a TO b (one pair).
     *
     * @param to the new name as written, unqualified
     */
    record RenameTable(SourceStatement source, String from, String to) implements ParsedStatement {
        @Override
        public String table() {
            return from;
        }
    }

    /**
     * DROP INDEX [CONCURRENTLY] [IF EXISTS] i [ON t] (one index), or ALTER TABLE t DROP INDEX|KEY i.
     *
     * @param table as written; null when the statement does not name it (PostgreSQL)
     */
    record DropIndex(SourceStatement source, String table, String index, boolean ifExists) implements ParsedStatement {
    }

    record Other(SourceStatement source, String what) implements ParsedStatement {
    }
}
