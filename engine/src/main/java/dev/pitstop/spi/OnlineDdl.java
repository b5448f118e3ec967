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
     * ALTER [COLUMN] ... SET DEFAULT / DROP DEFAULT as written, in its metadata-only form (MySQL/MariaDB:
     * {@code ALGORITHM=INSTANT}).
     */
    Sql alterColumnDefault(String statement);

    /**
     * Puts a column's default back: {@code expression} as {@link CatalogSql#columnDefault} read it, null for none.
     *
     * @param table as written
     * @param column as the catalog stores it
     */
    Sql restoreColumnDefault(String table, String column, String expression);

    /**
     * A check that the column holds no NULL, added without reading the table (PostgreSQL {@code NOT VALID}: new
     * writes are checked at once, existing rows by {@link #validateConstraint}); empty where the dialect has none.
     *
     * @param constraint as the catalog stores it
     * @param column as written
     */
    default Optional<Sql> notNullCheck(String table, String constraint, String column) {
        return Optional.empty();
    }

    /**
     * Validates a constraint added unvalidated, reading the table without blocking its writers (PostgreSQL
     * {@code VALIDATE CONSTRAINT}, which takes SHARE UPDATE EXCLUSIVE); empty where the server validates when it adds.
     */
    default Optional<Sql> validateConstraint(String table, String constraint) {
        return Optional.empty();
    }

    /** A query returning a few rows whose column is NULL (all their columns, so the user sees their keys). */
    default Sql nullRows(String table, String column) {
        throw new UnsupportedOperationException("no SET NOT NULL clause on this dialect");
    }

    /** SET NOT NULL (true) or DROP NOT NULL (false) of a column as written; where the dialect has the clause. */
    default Sql columnNotNull(String table, String column, boolean notNull) {
        throw new UnsupportedOperationException("no SET/DROP NOT NULL clause on this dialect");
    }

    /**
     * The user's ADD [CONSTRAINT] FOREIGN KEY in a form that does not read the table under a lock (PostgreSQL
     * {@code NOT VALID}; MariaDB INPLACE without checking existing rows, which the engine then checks itself);
     * empty where no such form exists.
     */
    default Optional<Sql> addForeignKey(String statement) {
        return Optional.empty();
    }

    /** The user's ADD [CONSTRAINT] CHECK added unvalidated ({@code NOT VALID}); empty where no online form exists. */
    default Optional<Sql> addCheck(String statement) {
        return Optional.empty();
    }

    /**
     * A query returning the child rows whose (non-NULL) foreign key columns find no parent row, a few at most:
     * the validation the server skips when it adds a foreign key without checking.
     */
    default Sql foreignKeyOrphans(String table, List<String> columns, String parent, List<String> parentColumns) {
        throw new UnsupportedOperationException("foreign keys are validated by the server on this dialect");
    }

    /**
     * Drops a foreign key or check constraint (as the catalog stores its name); {@code ifExists} where the
     * dialect can say it.
     */
    Sql dropConstraint(String table, String constraint, boolean foreignKey);

    /**
     * ADD CONSTRAINT name UNIQUE USING INDEX index: makes a unique index built online a constraint; empty where
     * the unique key is added in one online statement ({@link #addUnique}).
     */
    default Optional<Sql> uniqueUsingIndex(String table, String constraint, String index) {
        return Optional.empty();
    }

    /** The user's ADD [CONSTRAINT] UNIQUE as an online index build (MySQL/MariaDB INPLACE, LOCK=NONE). */
    default Sql addUnique(String statement) {
        return Sql.of(statement.strip());
    }

    /** Drops a unique key the engine added (PostgreSQL: the constraint; MySQL/MariaDB: the index, online). */
    Sql dropUnique(String table, String constraint);
}
