package dev.pitstop.spi;

import java.util.List;
import java.util.Optional;

/**
 * Rewrites of user statements that the server can run without blocking writers. Each takes the
 * statement exactly as the user wrote it (comments included) and returns the text to run.
 */
public interface OnlineDdl {

    /** CREATE [UNIQUE] INDEX as an online build (PostgreSQL CONCURRENTLY; MySQL INPLACE, LOCK=NONE). */
    Sql createIndex(String statement);

    /**
     * True when the online index build waits for other sessions in a lock mode that the application's
     * reads and writes do not conflict with, so its wait need not be kept short.
     */
    default boolean indexBuildWaitsWithoutBlocking() {
        return false;
    }

    /**
     * What to run after a failed or killed online index build so the next attempt starts clean (an
     * invalid index left by CONCURRENTLY), if anything.
     */
    Optional<Sql> dropIndexLeftover(String table, String index);

    /** ALTER TABLE ... ADD COLUMN (nullable or with a constant default) as a metadata-only change. */
    Sql addColumns(String statement);

    /**
     * True when changing a column from {@code currentType} (as {@link CatalogSql#columnType} spells it) to
     * {@code newType} (as written) only changes metadata: no rewrite, no scan of the table.
     */
    boolean typeChangeIsMetadataOnly(String currentType, String newType);

    /** ALTER TABLE ... ALTER COLUMN ... TYPE that {@link #typeChangeIsMetadataOnly} accepted, as written. */
    Sql alterColumnTypes(String statement);

    /** CREATE TABLE as written. */
    Sql createTable(String statement);

    /** ALTER TABLE ... DROP COLUMN, run at contract: as written, or with the dialect's no-copy clause. */
    default Sql dropColumns(String statement) {
        return Sql.of(statement.strip());
    }

    /**
     * The statement that makes a unique index, already built online, the table's primary key, dropping the
     * current one in the same statement when {@code dropConstraint} is given; empty where the dialect
     * cannot change a primary key without rebuilding the table.
     *
     * @param table as written
     * @param dropConstraint as written, null when none
     * @param name the new constraint's name as written, null for {@code defaultName}
     * @param defaultName the name to give it when none is written, as the catalog stores it
     * @param index the index's name as the catalog stores it
     */
    default Optional<Sql> primaryKeyUsingIndex(String table, String dropConstraint, String name, String defaultName,
                                               String index) {
        return Optional.empty();
    }

    /**
     * An online build of a unique index (only where {@link #primaryKeyUsingIndex} is supported).
     *
     * @param index the name as the catalog stores it
     * @param columns the columns as the catalog stores them
     */
    default Sql createUniqueIndex(String table, String index, List<String> columns) {
        throw new UnsupportedOperationException("no online unique index build on this dialect");
    }

    /**
     * RENAME COLUMN's EXPAND: the new column, nullable and without a default (the sync triggers fill it).
     * Names as the catalog stores them; {@code type} from {@link CatalogSql#columnCopyType}.
     */
    Sql addRenamedColumn(String table, String column, String type);

    /**
     * RENAME COLUMN's EXPAND: what makes BEFORE INSERT and BEFORE UPDATE triggers named from {@code helper}
     * keep {@code from} and {@code to} equal both ways, without recursion: an INSERT fills whichever is NULL
     * from the other (the new name wins when both are given), an UPDATE copies the side that changed (the new
     * name wins when both did). Idempotent: replaces what an interrupted run left.
     */
    List<Sql> installRenameSync(String table, String from, String to, String helper);

    /** Removes what {@link #installRenameSync} made; idempotent. */
    List<Sql> dropRenameSync(String table, String helper);

    /** A condition true where the two columns' values differ, exactly (NULL-safe, case- and accent-sensitive). */
    String columnsDiffer(String a, String b);

    /** The name quoted for SQL. */
    String quote(String name);

    /** ALTER TABLE ... DROP COLUMN of one column (names as stored), in its no-copy form. */
    Sql dropColumn(String table, String column);

    /** ALTER TABLE ... ALTER COLUMN ... SET DEFAULT expression (names as stored), metadata-only. */
    Sql setDefault(String table, String column, String expression);

    /**
     * Makes a column NOT NULL without a long lock: PostgreSQL adds a {@code CHECK (c IS NOT NULL) NOT VALID}
     * named {@code helper}, validates it (no write is blocked), sets NOT NULL (no scan, thanks to the check) and
     * drops the check; each statement idempotent. Empty where the server cannot do it without rewriting the table.
     */
    List<Sql> setNotNullOnline(String table, String column, String helper);
}
