package dev.pitstop.spi;

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
}
