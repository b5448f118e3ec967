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

    private static final Pattern DROP_INDEX = Pattern.compile("(?is)^(DROP\\s+INDEX)(\\s+CONCURRENTLY\\b)?");

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
    public Sql addRenamedColumn(String table, String column, String type) {
        return Sql.of("ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS " + quote(column) + " " + type);
    }

    @Override
    public List<Sql> installRenameSync(String table, String from, String to, String helper) {
        String f = "NEW." + quote(from);
        String t = "NEW." + quote(to);
        return List.of(
                Sql.of("CREATE OR REPLACE FUNCTION " + quote(helper) + "() RETURNS trigger LANGUAGE plpgsql AS $pitstop$\n"
                        + "BEGIN\n"
                        + "    IF TG_OP = 'INSERT' THEN\n"
                        + "        IF " + t + " IS NULL THEN " + t + " := " + f + "; ELSE " + f + " := " + t + "; END IF;\n"
                        + "    ELSIF " + differ(t, "OLD." + quote(to)) + " THEN " + f + " := " + t + ";\n"
                        + "    ELSIF " + differ(f, "OLD." + quote(from)) + " THEN " + t + " := " + f + ";\n"
                        + "    END IF;\n"
                        + "    RETURN NEW;\n"
                        + "END $pitstop$"),
                Sql.of("DROP TRIGGER IF EXISTS " + quote(helper) + " ON " + quote(table)),
                Sql.of("CREATE TRIGGER " + quote(helper) + " BEFORE INSERT OR UPDATE ON " + quote(table)
                        + " FOR EACH ROW EXECUTE FUNCTION " + quote(helper) + "()"));
    }

    /** One text, so one transaction: no write falls between the trigger going and what follows it. */
    @Override
    public List<Sql> dropRenameSync(String table, String helper) {
        return List.of(Sql.of("DROP TRIGGER IF EXISTS " + quote(helper) + " ON " + quote(table) + "; DROP FUNCTION IF EXISTS "
                + quote(helper) + "()"));
    }

    /** The sync trigger's drop and the column's, in one transaction: no write reaches one name only. */
    @Override
    public List<Sql> dropRenameSyncAndColumn(String table, String helper, String column) {
        return List.of(Sql.of("DROP TRIGGER IF EXISTS " + quote(helper) + " ON " + quote(table) + "; DROP FUNCTION IF EXISTS "
                + quote(helper) + "(); ALTER TABLE " + quote(table) + " DROP COLUMN IF EXISTS " + quote(column)));
    }

    @Override
    public String columnsDiffer(String a, String b) {
        return differ(quote(a), quote(b));
    }

    /**
     * Compared as text in the "C" collation: every type has a text form (json, xml and point have no equality),
     * and a change a type's own equality ignores (citext case, 1.0 to 1.00) is still a change.
     */
    private static String differ(String a, String b) {
        return "(" + a + ")::text COLLATE \"C\" IS DISTINCT FROM (" + b + ")::text COLLATE \"C\"";
    }

    @Override
    public String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public Sql dropColumn(String table, String column) {
        return Sql.of("ALTER TABLE " + quote(table) + " DROP COLUMN IF EXISTS " + quote(column));
    }

    @Override
    public Sql setDefault(String table, String column, String expression) {
        return Sql.of("ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " SET DEFAULT " + expression);
    }

    @Override
    public List<Sql> setNotNullOnline(String table, String column, String helper) {
        String t = quote(table);
        return List.of(
                Sql.of("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(helper)),
                Sql.of("ALTER TABLE " + t + " ADD CONSTRAINT " + quote(helper) + " CHECK (" + quote(column)
                        + " IS NOT NULL) NOT VALID"),
                Sql.of("ALTER TABLE " + t + " VALIDATE CONSTRAINT " + quote(helper)),
                Sql.of("ALTER TABLE " + t + " ALTER COLUMN " + quote(column) + " SET NOT NULL"),
                Sql.of("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(helper)));
    }

    @Override
    public String quote(String catalogName, String beside) {
        return Identifiers.qualifier(beside) + PostgresRebuildSql.q(catalogName);
    }

    @Override
    public Sql dropIndex(String statement, String table, String index) {
        Matcher m = DROP_INDEX.matcher(statement.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not a DROP INDEX statement: " + statement);
        }
        return m.group(2) != null ? Sql.of(statement.strip())
                : Sql.of(m.group(1) + " CONCURRENTLY" + statement.strip().substring(m.end(1)));
    }

    @Override
    public Sql dropIndex(String table, String index) {
        return dropIndexLeftover(table, index).orElseThrow();
    }

    /**
     * One text, so one implicit transaction: there is no instant without {@code from}. The grants on the table
     * (which follow it to its new name) are given on the view too, so an application role that is not the view's
     * owner keeps its access under the old name.
     */
    @Override
    public List<Sql> renameBehindView(String from, String to, String swap, String parked) {
        String renamed = Identifiers.qualifier(from) + to;
        return List.of(Sql.of("ALTER TABLE " + from + " RENAME TO " + to + "; CREATE VIEW " + from + " AS SELECT * FROM "
                + renamed + "; DO $pitstop$ DECLARE r record; BEGIN FOR r IN SELECT a.privilege_type AS privilege, "
                + "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS who "
                + "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = to_regclass(" + literal(renamed) + ") "
                + "AND a.grantee <> c.relowner LOOP EXECUTE format('GRANT %s ON %s TO %s', r.privilege, "
                + literal(from) + ", r.who); END LOOP; END $pitstop$"));
    }

    /** One text, one implicit transaction, as the rename. */
    @Override
    public List<Sql> renameBack(String from, String to, String swap) {
        return List.of(Sql.of("DROP VIEW " + from + "; ALTER TABLE " + Identifiers.qualifier(from) + to + " RENAME TO "
                + Identifiers.unqualified(from)));
    }

    @Override
    public Sql dropView(String view) {
        return Sql.of("DROP VIEW IF EXISTS " + view);
    }

    @Override
    public Sql renameTable(String from, String to) {
        return Sql.of("ALTER TABLE " + from + " RENAME TO " + Identifiers.unqualified(to));
    }

    @Override
    public Sql dropTable(String table) {
        return Sql.of("DROP TABLE " + table);
    }

    @Override
    public Optional<Sql> alterColumnType(String table, String column, String type) {
        return Optional.of(Sql.of("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE " + type));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
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
