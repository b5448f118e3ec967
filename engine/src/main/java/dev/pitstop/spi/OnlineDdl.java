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
}
