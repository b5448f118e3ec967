package dev.pitstop.internal.parse;

import java.util.List;

/**
 * What one statement does to the schema, clause by clause, in the engine's own terms: the compatibility
 * checker replays these to build its offline model without seeing JSqlParser. Names are as written (quotes
 * included); types are as written with the parser's spacing removed ({@code varchar(50)}, {@code ENUM('a','b')}).
 * A statement may yield several edits (one per ALTER TABLE clause) or none (a data statement).
 */
public sealed interface SchemaEdit {

    /**
     * The table the edit changes, as written: the old name of a renamed table; null for enum types, schemas,
     * TRUNCATE (several tables) and a DROP INDEX that names no table.
     */
    default String table() {
        return null;
    }

    /**
     * A column's definition.
     *
     * @param defaultExpression the DEFAULT as written, null when none
     * @param generatesValue true when the server fills the column itself (serial, AUTO_INCREMENT, IDENTITY,
     *     a generated column): an INSERT that leaves it out still works
     */
    record ColumnDef(String name, String type, boolean notNull, String defaultExpression, boolean generatesValue,
                     boolean primaryKey, boolean unique) {
    }

    /** A key of a table: its primary key, a unique constraint or index, or a plain index. */
    record KeyDef(String name, KeyKind kind, List<String> columns) {
        public KeyDef {
            columns = List.copyOf(columns);
        }
    }

    /** What a key enforces. */
    enum KeyKind { PRIMARY, UNIQUE, INDEX }

    record CreateTable(String table, List<ColumnDef> columns, List<KeyDef> keys) implements SchemaEdit {
        public CreateTable {
            columns = List.copyOf(columns);
            keys = List.copyOf(keys);
        }
    }

    record AddColumn(String table, ColumnDef column) implements SchemaEdit {
    }

    record DropColumn(String table, String column) implements SchemaEdit {
    }

    record RenameColumn(String table, String from, String to) implements SchemaEdit {
    }

    /** MySQL MODIFY / CHANGE: the column's whole definition is replaced (a DEFAULT left out is gone). */
    record ReplaceColumn(String table, ColumnDef column) implements SchemaEdit {
    }

    /** ALTER COLUMN ... TYPE; {@code using} null when none. */
    record ChangeType(String table, String column, String type, String using) implements SchemaEdit {
    }

    record SetNotNull(String table, String column, boolean notNull) implements SchemaEdit {
    }

    /** SET DEFAULT (expression) or DROP DEFAULT (null). */
    record SetDefault(String table, String column, String expression) implements SchemaEdit {
    }

    record RenameTable(String from, String to) implements SchemaEdit {
        @Override
        public String table() {
            return from;
        }
    }

    record DropTable(String table) implements SchemaEdit {
    }

    /** CREATE [UNIQUE] INDEX, ADD [CONSTRAINT] UNIQUE / PRIMARY KEY / INDEX. */
    record AddKey(String table, KeyDef key) implements SchemaEdit {
    }

    /** DROP INDEX i [ON t] (table null when not named), ALTER TABLE t DROP INDEX|KEY i. */
    record DropIndex(String table, String index) implements SchemaEdit {
    }

    /** ALTER TABLE t DROP CONSTRAINT c: a unique key or the primary key, whichever carries the name. */
    record DropConstraint(String table, String constraint) implements SchemaEdit {
    }

    /** MySQL ALTER TABLE t DROP PRIMARY KEY. */
    record DropPrimaryKey(String table) implements SchemaEdit {
    }

    /** PostgreSQL CREATE TYPE name AS ENUM (values). */
    record CreateEnum(String name, List<String> values) implements SchemaEdit {
        public CreateEnum {
            values = List.copyOf(values);
        }
    }

    /**
     * PostgreSQL ALTER TYPE name ADD VALUE v [BEFORE|AFTER neighbour].
     *
     * @param before true for BEFORE neighbour, false for AFTER neighbour or at the end (neighbour null)
     */
    record AddEnumValue(String name, String value, String neighbour, boolean before) implements SchemaEdit {
    }

    /** PostgreSQL ALTER TYPE name RENAME VALUE a TO b. */
    record RenameEnumValue(String name, String from, String to) implements SchemaEdit {
    }

    /** TRUNCATE [TABLE] t [, u]. */
    record Truncate(List<String> tables) implements SchemaEdit {
        public Truncate {
            tables = List.copyOf(tables);
        }
    }

    /** DROP SCHEMA / DROP DATABASE; {@code kind} is SCHEMA or DATABASE. */
    record DropSchema(String kind, String name) implements SchemaEdit {
    }
}
