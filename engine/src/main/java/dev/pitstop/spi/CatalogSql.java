package dev.pitstop.spi;

import java.util.List;

/** Catalog lookups in the current schema. Each returns rows; no row means "absent". */
public interface CatalogSql {

    Sql tableExists(String table);

    Sql columnExists(String table, String column);

    /** One row with the column's type as the server spells it in DDL, column {@code type}; no row when absent. */
    Sql columnType(String table, String column);

    /** One row per index of that name, column {@code valid} (boolean or 0/1). */
    Sql index(String table, String index);

    /** The primary key: one row per column in key order, columns {@code name} (the constraint) and {@code col}. */
    Sql primaryKey(String table);

    /** One row when the column exists and is NOT NULL. */
    Sql columnNotNull(String table, String column);

    /** Foreign keys of other tables onto the table's primary key: one row each, column {@code ref} ("child.name"). */
    Sql foreignKeysOntoPrimaryKey(String table);

    /** A row when the column has a default (identity and auto-increment columns count). */
    Sql columnHasDefault(String table, String column);

    /**
     * One row when the column has a default, column {@code expr}: the default as SQL text that {@code SET DEFAULT}
     * takes back unchanged (a literal quoted, an expression as the server prints it).
     */
    Sql columnDefault(String table, String column);

    /** One row when the table has a constraint (foreign key, check, unique) of that name, column {@code validated}. */
    Sql constraint(String table, String constraint);

    /** One row per name (argument: a String[] of function names) that names a volatile function. */
    Sql volatileFunctions(String[] names);

    /** One row, one column: the name of the current schema or database. */
    Sql currentSchema();

    /**
     * One row, column {@code type}: the column's type for a copy of the column, collation included where it
     * is not the type's default (PostgreSQL {@code COLLATE}, MySQL {@code CHARACTER SET ... COLLATE ...});
     * no row when absent.
     */
    Sql columnCopyType(String table, String column);

    /**
     * One row per object that binds to the column by name or position and would not follow a copy of it:
     * indexes, constraints (of the table, or foreign keys of others onto it), identity, auto-increment or
     * generated definitions; column {@code what}, e.g. {@code index orders_sku_idx}.
     */
    Sql columnDependents(String table, String column);

    /** One row, column {@code type}: "BASE TABLE" or "VIEW" (information_schema.tables); no row when absent. */
    Sql tableType(String table);

    /** The table's own triggers (not the server's internal ones), one name a row. */
    Sql triggers(String table);

    /**
     * Views that name the table in their stored text, one name a row, where views bind to tables by name
     * (MySQL/MariaDB); none where they bind to the table itself (PostgreSQL: they follow a rename).
     */
    Sql viewsNaming(String table);

    /** One row, column {@code definition}: the view's stored text; no row when there is no such view. */
    Sql viewDefinition(String view);

    /** One row when the table has at least one row. */
    Sql anyRow(String table);

    /**
     * The data check before a unique index or constraint: up to {@code limit} groups of values the columns hold
     * more than once (rows with a NULL in any of them are not duplicates), each a row of the values as text in
     * column order, then the group's row count as the last column. A plain read: it takes no row locks.
     */
    Sql duplicates(String table, List<String> columns, int limit);

    /**
     * The data check before NOT NULL: one row, one column {@code n}, the number of rows whose column is NULL,
     * counted up to {@code limit} (the scan stops there). A plain read: it takes no row locks.
     */
    Sql nulls(String table, String column, int limit);

    /**
     * The columns the server sets by itself on every UPDATE (MySQL {@code ON UPDATE CURRENT_TIMESTAMP}), one
     * {@code name} a row; null where there are none by definition.
     */
    default Sql columnsSetOnUpdate(String table) {
        return null;
    }
    /**
     * Every column of the current schema's base tables, for the compatibility checker's model of the live schema;
     * ordered by table, then column position. Columns: {@code tbl}, {@code col}, {@code type} (as the server spells it
     * in DDL), {@code not_null} (boolean or 0/1), {@code dflt} (the default as SQL text, null when none; not a generated
     * column's expression), {@code generates} (boolean or 0/1: the server fills it when an INSERT leaves it out:
     * identity, serial, auto-increment, generated).
     */
    Sql schemaColumns();

    /**
     * The primary keys, unique keys and plain indexes of the current schema's base tables over plain columns (no
     * expression or partial indexes), one row per key column in key order. Columns: {@code tbl}, {@code name},
     * {@code kind} ({@code PRIMARY}, {@code UNIQUE} or {@code INDEX}), {@code col}.
     */
    Sql schemaKeys();

    /** The current schema's enum types, one row per value in sort order: {@code name}, {@code value}; null where none exist (MySQL). */
    default Sql enumTypes() {
        return null;
    }

    /**
     * One row, one column {@code n}: the table's rows counted up to {@code limit} (the scan stops there). A plain read.
     */
    Sql rowsUpTo(String table, int limit);
}
