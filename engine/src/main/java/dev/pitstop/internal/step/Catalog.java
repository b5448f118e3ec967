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
}
