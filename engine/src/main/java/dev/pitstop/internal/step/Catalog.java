package dev.pitstop.internal.step;

import java.util.Optional;

/** What steps may ask the live catalog, to make themselves idempotent. Names as written in SQL. */
public interface Catalog {

    boolean tableExists(String table);

    boolean columnExists(String table, String column);

    /** The column's type as the server spells it (PostgreSQL format_type, MySQL COLUMN_TYPE); empty when absent. */
    Optional<String> columnType(String table, String column);

    /** Empty when there is no index of that name; otherwise whether it is valid (usable). */
    Optional<Boolean> indexValid(String table, String index);
}
