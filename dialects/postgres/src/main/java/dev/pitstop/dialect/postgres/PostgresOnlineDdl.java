package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.Sql;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Online forms on PostgreSQL. CREATE INDEX becomes CREATE INDEX CONCURRENTLY (it must run outside a
 * transaction block, which the engine's autocommit execution gives it); a failed concurrent build
 * leaves an invalid index, dropped concurrently before the next attempt. ADD COLUMN with a constant
 * default is metadata-only since PostgreSQL 11 and runs as written.
 */
final class PostgresOnlineDdl implements OnlineDdl {
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?is)^(CREATE\\s+(?:/\\*.*?\\*/\\s*)*(?:UNIQUE\\s+(?:/\\*.*?\\*/\\s*)*)?INDEX)(\\s+CONCURRENTLY\\b)?");

    @Override
    public Sql createIndex(String statement) {
        Matcher m = CREATE_INDEX.matcher(statement.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not a CREATE INDEX statement: " + statement);
        }
        if (m.group(2) != null) {
            return Sql.of(statement.strip());
        }
        return Sql.of(m.group(1) + " CONCURRENTLY" + statement.strip().substring(m.end(1)));
    }

    /** CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, which INSERT, UPDATE, DELETE and SELECT do not conflict with. */
    @Override
    public boolean indexBuildWaitsWithoutBlocking() {
        return true;
    }

    @Override
    public Optional<Sql> dropIndexLeftover(String table, String index) {
        String qualified = Identifiers.qualifier(index).isEmpty() ? Identifiers.qualifier(table) + index : index;
        return Optional.of(Sql.of("DROP INDEX CONCURRENTLY IF EXISTS " + qualified));
    }

    @Override
    public Sql addColumns(String statement) {
        return Sql.of(statement.strip());
    }

    @Override
    public boolean typeChangeIsMetadataOnly(String currentType, String newType) {
        return PostgresTypes.changeIsMetadataOnly(currentType, newType);
    }

    @Override
    public Sql alterColumnTypes(String statement) {
        return Sql.of(statement.strip());
    }

    @Override
    public Sql createTable(String statement) {
        return Sql.of(statement.strip());
    }

    @Override
    public Optional<Sql> primaryKeyUsingIndex(String table, String dropConstraint, String name, String defaultName,
                                              String index) {
        return Optional.of(Sql.of("ALTER TABLE " + table + (dropConstraint == null ? "" : " DROP CONSTRAINT " + dropConstraint + ",")
                + " ADD CONSTRAINT " + (name != null ? name : PostgresRebuildSql.q(defaultName)) + " PRIMARY KEY USING INDEX "
                + PostgresRebuildSql.q(index)));
    }

    @Override
    public Sql createUniqueIndex(String table, String index, List<String> columns) {
        return Sql.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + PostgresRebuildSql.q(index) + " ON " + table + " ("
                + String.join(", ", columns.stream().map(PostgresRebuildSql::q).toList()) + ")");
    }

    @Override
    public Sql alterColumnDefault(String statement) {
        return Sql.of(statement.strip());
    }

    @Override
    public Sql restoreColumnDefault(String table, String column, String expression) {
        return Sql.of("ALTER TABLE " + table + " ALTER COLUMN " + PostgresRebuildSql.q(column)
                + (expression == null ? " DROP DEFAULT" : " SET DEFAULT " + expression));
    }

    @Override
    public Optional<Sql> notNullCheck(String table, String constraint, String column) {
        return Optional.of(Sql.of("ALTER TABLE " + table + " ADD CONSTRAINT " + PostgresRebuildSql.q(constraint) + " CHECK ("
                + column + " IS NOT NULL) NOT VALID"));
    }

    @Override
    public Optional<Sql> validateConstraint(String table, String constraint) {
        return Optional.of(Sql.of("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + PostgresRebuildSql.q(constraint)));
    }

    @Override
    public Sql nullRows(String table, String column) {
        return Sql.of("SELECT * FROM " + table + " WHERE " + column + " IS NULL LIMIT 5");
    }

    @Override
    public Sql columnNotNull(String table, String column, boolean notNull) {
        return Sql.of("ALTER TABLE " + table + " ALTER COLUMN " + column + (notNull ? " SET" : " DROP") + " NOT NULL");
    }

    @Override
    public Optional<Sql> addForeignKey(String statement) {
        return Optional.of(notValid(statement));
    }

    @Override
    public Optional<Sql> addCheck(String statement) {
        return Optional.of(notValid(statement));
    }

    /** The statement with NOT VALID at its end, unless it says so already. */
    private static Sql notValid(String statement) {
        String s = statement.strip().replaceFirst("\\s*;\\s*$", "");
        if (s.matches("(?is).*\\bNOT\\s+VALID\\s*$")) {
            return Sql.of(s);
        }
        String lastLine = s.substring(s.lastIndexOf('\n') + 1);
        return Sql.of(s + (lastLine.contains("--") ? "\n" : "") + " NOT VALID");
    }

    @Override
    public Sql dropConstraint(String table, String constraint, boolean foreignKey) {
        return Sql.of("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + PostgresRebuildSql.q(constraint));
    }

    @Override
    public Optional<Sql> uniqueUsingIndex(String table, String constraint, String index) {
        return Optional.of(Sql.of("ALTER TABLE " + table + " ADD CONSTRAINT " + PostgresRebuildSql.q(constraint)
                + " UNIQUE USING INDEX " + PostgresRebuildSql.q(index)));
    }

    @Override
    public Sql dropUnique(String table, String constraint) {
        return Sql.of("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + PostgresRebuildSql.q(constraint));
    }
}
