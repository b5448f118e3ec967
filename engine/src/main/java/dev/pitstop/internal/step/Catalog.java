package dev.pitstop.internal.step;

import java.util.List;
import java.util.Optional;

/** What steps may ask the live catalog, to make themselves idempotent. Names as written in SQL. */
public interface Catalog {

    boolean tableExists(String table);

    boolean columnExists(String table, String column);

    /** The column's type as the server spells it (PostgreSQL format_type, MySQL COLUMN_TYPE); empty when absent. */
    Optional<String> columnType(String table, String column);

    /** A name as written in SQL (quoted or not, perhaps qualified) as the catalog stores it. */
    String normalize(String written);

    /**
     * True when the expression calls a volatile function (PostgreSQL: {@code clock_timestamp()},
     * {@code gen_random_uuid()}, {@code random()}), so every row gets its own value and adding a column
     * with it as default rewrites the table; {@code now()} is stable and is evaluated once.
     */
    boolean callsVolatileFunction(String expression);

    /** The table's primary key (catalog names), empty when it has none. */
    Optional<Key> primaryKey(String table);

    /** True when the column exists and is NOT NULL. */
    boolean columnNotNull(String table, String column);

    /** True when the column has a default (an INSERT that leaves it out does not fail for it). */
    boolean columnHasDefault(String table, String column);

    /** The column's type for a copy of it, collation included ({@code CatalogSql#columnCopyType}); empty when absent. */
    Optional<String> columnCopyType(String table, String column);

    /** Indexes, constraints, views and definitions bound to the column (see {@code CatalogSql#columnDependents}). */
    List<String> columnDependents(String table, String column);

    /** Columns the server sets by itself on every UPDATE (MySQL ON UPDATE CURRENT_TIMESTAMP); empty where none. */
    default List<String> columnsSetOnUpdate(String table) {
        return List.of();
    }

    /** Foreign keys of other tables that reference the table's primary key, as "child.constraint". */
    List<String> foreignKeysOntoPrimaryKey(String table);

    /** A key: its constraint name and its columns in order, as the catalog stores them. */
    record Key(String name, List<String> columns) {
        public Key {
            columns = List.copyOf(columns);
        }
    }

    /**
     * The column's default as SQL text that {@code SET DEFAULT} takes back unchanged; empty when it has none.
     */
    Optional<String> columnDefault(String table, String column);

    /** Empty when the table has no constraint of that name; otherwise whether it is validated. */
    Optional<Boolean> constraintValidated(String table, String constraint);

    /** Empty when there is no index of that name; otherwise whether it is valid (usable). */
    Optional<Boolean> indexValid(String table, String index);

    /** True when the name is a view (not a base table). */
    boolean isView(String name);

    /** True when the name is a base table (not a view). */
    default boolean isBaseTable(String name) {
        return tableExists(name) && !isView(name);
    }

    /** The table's own triggers, by name. */
    List<String> triggers(String table);

    /** Views that name the table in their stored text (MySQL/MariaDB); always empty on PostgreSQL. */
    List<String> viewsNaming(String table);

    /** The stored text of a view; empty when there is no such view. */
    Optional<String> viewDefinition(String view);

    /** True when the table holds at least one row. */
    boolean hasRows(String table);
}
