package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Sql;
import java.util.List;
import java.util.stream.Collectors;

/** Catalog lookups in current_schema(). Index names are unique per schema in PostgreSQL. */
final class PostgresCatalogSql implements CatalogSql {

    @Override
    public Sql tableExists(String table) {
        return Sql.of("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
                table);
    }

    @Override
    public Sql columnExists(String table, String column) {
        return Sql.of("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = ? AND column_name = ?", table, column);
    }

    @Override
    public Sql columnType(String table, String column) {
        return Sql.of("SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a "
                + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = current_schema() AND c.relname = ? AND a.attname = ? AND a.attnum > 0 "
                + "AND NOT a.attisdropped", table, column);
    }

    @Override
    public Sql index(String table, String index) {
        return Sql.of("SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?",
                index);
    }

    @Override
    public Sql primaryKey(String table) {
        return Sql.of("SELECT c.conname AS name, a.attname AS col FROM pg_constraint c "
                + "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
                + "WHERE c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) "
                + "AND c.contype = 'p' ORDER BY k.ord", table);
    }

    @Override
    public Sql columnHasDefault(String table, String column) {
        return Sql.of("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(current_schema()) || '.' "
                + "|| quote_ident(?)) AND attname = ? AND attnum > 0 AND NOT attisdropped "
                + "AND (atthasdef OR attidentity <> '' OR attgenerated <> '')", table, column);
    }

    @Override
    public Sql columnNotNull(String table, String column) {
        return Sql.of("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(current_schema()) || '.' "
                + "|| quote_ident(?)) AND attname = ? AND attnum > 0 AND NOT attisdropped AND attnotnull", table, column);
    }

    @Override
    public Sql foreignKeysOntoPrimaryKey(String table) {
        return Sql.of("SELECT f.conrelid::regclass || '.' || f.conname AS ref FROM pg_constraint f JOIN pg_constraint p "
                + "ON p.conindid = f.conindid AND p.contype = 'p' AND p.conrelid = f.confrelid WHERE f.contype = 'f' "
                + "AND f.confrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) ORDER BY 1", table);
    }

    @Override
    public Sql columnDefault(String table, String column) {
        return Sql.of("SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d JOIN pg_attribute a "
                + "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = to_regclass(quote_ident("
                + "current_schema()) || '.' || quote_ident(?)) AND a.attname = ? AND a.attgenerated = ''", table, column);
    }

    @Override
    public Sql constraint(String table, String constraint) {
        return Sql.of("SELECT convalidated AS validated FROM pg_constraint WHERE conrelid = to_regclass(quote_ident("
                + "current_schema()) || '.' || quote_ident(?)) AND conname = ?", table, constraint);
    }

    @Override
    public Sql volatileFunctions(String[] names) {
        return Sql.of("SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v' AND proname = ANY (?)", (Object) names);
    }

    @Override
    public Sql currentSchema() {
        return Sql.of("SELECT current_schema()");
    }

    @Override
    public Sql columnCopyType(String table, String column) {
        return Sql.of("SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attcollation <> 0 AND a.attcollation "
                + "<> t.typcollation THEN ' COLLATE ' || quote_ident(c.collname) ELSE '' END AS type FROM pg_attribute a "
                + "JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation c ON c.oid = a.attcollation "
                + "WHERE a.attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped", table, column);
    }

    @Override
    public Sql columnDependents(String table, String column) {
        // every index, constraint (foreign keys of other tables too), view, generated column, owned sequence or
        // column-list trigger records a dependency on the column; its own default does not count
        return Sql.of("WITH col AS (SELECT attrelid, attnum, attidentity, attgenerated FROM pg_attribute "
                + "WHERE attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND attname = ? AND attnum > 0 AND NOT attisdropped) "
                + "SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS what FROM pg_depend d JOIN col "
                + "ON d.refclassid = 'pg_class'::regclass AND d.refobjid = col.attrelid AND d.refobjsubid = col.attnum "
                + "WHERE d.deptype IN ('n', 'a') AND NOT (d.classid = 'pg_attrdef'::regclass AND EXISTS (SELECT 1 FROM "
                + "pg_attrdef x WHERE x.oid = d.objid AND x.adnum = col.attnum)) "
                + "UNION SELECT 'its identity or generated definition' FROM col WHERE attidentity <> '' OR attgenerated <> '' "
                // a trigger function names columns in its text, which pg_depend does not record
                + "UNION SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN col "
                + "ON t.tgrelid = col.attrelid WHERE NOT t.tgisinternal AND t.tgname NOT LIKE '%pitstop%' "
                + "AND p.prosrc ~* ('\\m' || ? || '\\M')",
                table, column, column);
    }

    @Override
    public Sql tableType(String table) {
        return Sql.of("SELECT table_type AS type FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_name = ?", table);
    }

    @Override
    public Sql triggers(String table) {
        return Sql.of("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(quote_ident(current_schema()) || '.' "
                + "|| quote_ident(?)) AND NOT tgisinternal ORDER BY 1", table);
    }

    /** A view binds to the table itself here and follows its rename. */
    @Override
    public Sql viewsNaming(String table) {
        return Sql.of("SELECT CAST(? AS text) WHERE false", table);
    }

    @Override
    public Sql viewDefinition(String view) {
        return Sql.of("SELECT pg_get_viewdef(c.oid) AS definition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind = 'v'", view);
    }

    @Override
    public Sql anyRow(String table) {
        return Sql.of("SELECT 1 FROM " + PostgresRebuildSql.q(table) + " LIMIT 1");
    }

    @Override
    public Sql duplicates(String table, List<String> columns, int limit) {
        List<String> quoted = columns.stream().map(PostgresRebuildSql::q).toList();
        return Sql.of("SELECT " + quoted.stream().map(c -> c + "::text").collect(Collectors.joining(", "))
                + ", COUNT(*) AS n FROM " + PostgresRebuildSql.q(table) + " WHERE "
                + quoted.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "))
                + " GROUP BY " + String.join(", ", quoted) + " HAVING COUNT(*) > 1 LIMIT " + limit);
    }

    @Override
    public Sql nulls(String table, String column, int limit) {
        return countUpTo(table, " WHERE " + PostgresRebuildSql.q(column) + " IS NULL", limit);
    }

    @Override
    public Sql schemaColumns() {
        return Sql.of("SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, "
                + "a.attnotnull AS not_null, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS dflt, "
                + "(a.attidentity <> '' OR a.attgenerated <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) "
                + "AS generates FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
                + "AND d.adnum = a.attnum WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY c.relname, a.attnum");
    }

    @Override
    public Sql schemaKeys() {
        return Sql.of("SELECT t.relname AS tbl, i.relname AS name, CASE WHEN x.indisprimary THEN 'PRIMARY' "
                + "WHEN x.indisunique THEN 'UNIQUE' ELSE 'INDEX' END AS kind, a.attname AS col FROM pg_index x "
                + "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                + "WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND x.indpred IS NULL AND x.indisvalid "
                + "AND NOT (0 = ANY (x.indkey::int2[])) AND k.ord <= x.indnkeyatts ORDER BY t.relname, i.relname, k.ord");
    }

    @Override
    public Sql enumTypes() {
        return Sql.of("SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() "
                + "ORDER BY t.typname, e.enumsortorder");
    }

    @Override
    public Sql rowsUpTo(String table, int limit) {
        return countUpTo(table, "", limit);
    }

    /** The rows matching {@code where} (empty: all), counted up to {@code limit}: the scan stops there. */
    private static Sql countUpTo(String table, String where, int limit) {
        return Sql.of("SELECT COUNT(*) AS n FROM (SELECT 1 FROM " + PostgresRebuildSql.q(table) + where + " LIMIT " + limit + ") counted");
    }
}
