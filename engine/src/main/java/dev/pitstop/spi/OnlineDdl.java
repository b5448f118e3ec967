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

    /**
     * Removes what {@link #installRenameSync} made and then drops {@code column}; idempotent. Where DDL is
     * transactional (PostgreSQL) one transaction, so no write reaches one name only; elsewhere the statements
     * in order.
     */
    default List<Sql> dropRenameSyncAndColumn(String table, String helper, String column) {
        List<Sql> statements = new java.util.ArrayList<>(dropRenameSync(table, helper));
        statements.add(dropColumn(table, column));
        return statements;
    }

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

    /**
     * A name the engine made up (e.g. {@code _orders__pitstop_view}), as the catalog stores it, quoted for SQL and
     * placed in the schema of {@code beside} (a name as written).
     */
    String quote(String catalogName, String beside);

    /**
     * DROP INDEX at contract, in its online form (PostgreSQL {@code CONCURRENTLY}; MySQL
     * {@code ALTER TABLE ... DROP INDEX ..., ALGORITHM=INPLACE, LOCK=NONE}), from the statement as written.
     *
     * @param table as written; null when the statement names none (PostgreSQL)
     * @param index as written
     */
    Sql dropIndex(String statement, String table, String index);

    /** Drops an index that Pitstop built, online, for abort; names as written. */
    Sql dropIndex(String table, String index);

    /** True when {@link #dropIndex} waits for other sessions without blocking the application (PostgreSQL). */
    default boolean indexDropWaitsWithoutBlocking() {
        return indexBuildWaitsWithoutBlocking();
    }

    /**
     * RENAME TABLE in EXPAND: statements that rename {@code from} to {@code to} and leave an updatable view
     * named {@code from} over it, so the previous version keeps reading and writing the old name. Run one
     * after the other; each is idempotent or atomic, so a run killed between two of them runs them again.
     *
     * @param from the old name as written
     * @param to the new name as written, unqualified
     * @param swap the name of the view prepared under a made-up name (dialects that need one), quoted
     * @param parked the name the prepared placeholder is renamed to during the swap, quoted
     */
    List<Sql> renameBehindView(String from, String to, String swap, String parked);

    /** The opposite of {@link #renameBehindView}, for abort, when the swap happened: the table is {@code from} again. */
    List<Sql> renameBack(String from, String to, String swap);

    /** The alias the placeholder view of {@link #renameBehindView} carries, by which a leftover is recognised. */
    default String placeholderMarker() {
        return "pitstop_rename_placeholder";
    }

    /** DROP VIEW IF EXISTS; the name as written or quoted. */
    Sql dropView(String view);

    /** Renames a table; names as written or quoted (the new one unqualified). */
    Sql renameTable(String from, String to);

    /** DROP TABLE; the name as written or quoted. */
    Sql dropTable(String table);

    /** ALTER TABLE ... DROP COLUMN for every column, in the dialect's no-copy form; names as written. */
    default Sql dropColumns(String table, List<String> columns) {
        return dropColumns("ALTER TABLE " + table + " " + String.join(", ", columns.stream().map(c -> "DROP COLUMN " + c)
                .toList()));
    }

    /** One metadata-only column type change (abort of one); empty where the dialect has none. */
    default Optional<Sql> alterColumnType(String table, String column, String type) {
        return Optional.empty();
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
