package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Sql;
import java.util.List;
import java.util.stream.Collectors;

/** Catalog lookups in DATABASE(). InnoDB has no invalid indexes: an index that exists is valid. */
final class MySqlCatalogSql implements CatalogSql {
    private final Flavour flavour;

    MySqlCatalogSql(Flavour flavour) {
        this.flavour = flavour;
    }

    @Override
    public Sql tableExists(String table) {
        return Sql.of("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", table);
    }

    @Override
    public Sql columnExists(String table, String column) {
        return Sql.of("SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND column_name = ?", table, column);
    }

    @Override
    public Sql columnType(String table, String column) {
        return Sql.of("SELECT column_type AS type FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND column_name = ?", table, column);
    }

    @Override
    public Sql index(String table, String index) {
        return Sql.of("SELECT DISTINCT 1 AS valid FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND index_name = ?", table, index);
    }

    @Override
    public Sql primaryKey(String table) {
        return Sql.of("SELECT constraint_name AS name, column_name AS col FROM information_schema.key_column_usage "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' "
                + "ORDER BY ordinal_position", table);
    }

    @Override
    public Sql columnHasDefault(String table, String column) {
        // MariaDB writes the default NULL as 'NULL'; a NOT NULL column without a default has none at all
        return Sql.of("SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
                + "AND column_name = ? AND (column_default IS NOT NULL OR extra LIKE '%auto_increment%' "
                + "OR COALESCE(generation_expression, '') <> '')", table, column);
    }

    @Override
    public Sql columnNotNull(String table, String column) {
        return Sql.of("SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
                + "AND column_name = ? AND is_nullable = 'NO'", table, column);
    }

    @Override
    public Sql foreignKeysOntoPrimaryKey(String table) {
        return Sql.of("SELECT CONCAT(table_name, '.', constraint_name) AS ref FROM information_schema.referential_constraints "
                + "WHERE unique_constraint_schema = DATABASE() AND referenced_table_name = ? "
                + "AND unique_constraint_name = 'PRIMARY' ORDER BY 1", table);
    }

    /**
     * MariaDB 10.2.7+ prints the default as SQL (a literal quoted, {@code NULL}, an expression); MySQL prints a
     * literal bare and flags an expression {@code DEFAULT_GENERATED}, so both are turned into SQL here.
     */
    @Override
    public Sql columnDefault(String table, String column) {
        String expr = flavour.mariaDb() ? "column_default"
                : "CASE WHEN extra LIKE '%DEFAULT_GENERATED%' THEN CONCAT('(', column_default, ')') ELSE QUOTE(column_default) END";
        return Sql.of("SELECT " + expr + " AS expr FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND column_name = ? AND column_default IS NOT NULL", table, column);
    }

    /** InnoDB validates a foreign key, check or unique key when it is added: one that exists is validated. */
    @Override
    public Sql constraint(String table, String constraint) {
        return Sql.of("SELECT 1 AS validated FROM information_schema.table_constraints WHERE constraint_schema = DATABASE() "
                + "AND table_name = ? AND constraint_name = ?", table, constraint);
    }

    /** Not consulted: on MySQL every non-literal default goes through the online rebuild. */
    @Override
    public Sql volatileFunctions(String[] names) {
        return Sql.of("SELECT 1 FROM DUAL WHERE 1 = 0");
    }

    @Override
    public Sql currentSchema() {
        return Sql.of("SELECT DATABASE()");
    }

    @Override
    public Sql columnCopyType(String table, String column) {
        return Sql.of("SELECT CONCAT(column_type, CASE WHEN collation_name IS NULL THEN '' ELSE CONCAT(' CHARACTER SET ', "
                + "character_set_name, ' COLLATE ', collation_name) END) AS type FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?", table, column);
    }

    @Override
    public Sql columnDependents(String table, String column) {
        return Sql.of("SELECT CONCAT('index ', index_name) AS what FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND column_name = ? "
                + "UNION SELECT CONCAT('foreign key ', constraint_name, ' of ', table_name) FROM information_schema.key_column_usage "
                + "WHERE referenced_table_schema = DATABASE() AND referenced_table_name = ? AND referenced_column_name = ? "
                + "UNION SELECT CONCAT('constraint ', constraint_name) FROM information_schema.key_column_usage "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ? "
                + "UNION SELECT 'its auto-increment, ON UPDATE or generated definition' FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ? "
                + "AND (extra LIKE '%auto_increment%' OR LOWER(extra) LIKE '%on update%' "
                + "OR COALESCE(generation_expression, '') <> '') "
                + "UNION SELECT CONCAT('generated column ', column_name) FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND column_name <> ? "
                + "AND LOCATE(?, COALESCE(generation_expression, '')) > 0 "
                + "UNION SELECT CONCAT('check constraint ', c.constraint_name) FROM information_schema.check_constraints c "
                + "JOIN information_schema.table_constraints t ON t.constraint_schema = c.constraint_schema "
                + "AND t.constraint_name = c.constraint_name AND t.constraint_type = 'CHECK' "
                + "WHERE t.table_schema = DATABASE() AND t.table_name = ? AND LOCATE(?, c.check_clause) > 0 "
                + "UNION SELECT CONCAT('view ', table_name) FROM information_schema.views WHERE table_schema = DATABASE() "
                + "AND LOCATE(?, view_definition) > 0 AND LOCATE(?, view_definition) > 0 "
                + "UNION SELECT CONCAT('trigger ', trigger_name) FROM information_schema.triggers "
                + "WHERE event_object_schema = DATABASE() AND event_object_table = ? AND trigger_name NOT LIKE '%pitstop%' "
                + "AND action_statement REGEXP CONCAT('\\\\b', ?, '\\\\b')",
                table, column, table, column, table, column, table, column, table, column, "`" + column + "`",
                table, "`" + column + "`", "`" + table + "`", "`" + column + "`", table, column);
    }

    @Override
    public Sql tableType(String table) {
        return Sql.of("SELECT table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = ?", table);
    }

    @Override
    public Sql triggers(String table) {
        return Sql.of("SELECT trigger_name FROM information_schema.triggers WHERE event_object_schema = DATABASE() "
                + "AND event_object_table = ? ORDER BY 1", table);
    }

    /** The server stores a view's text with every table as `db`.`table`; a rename does not touch it. */
    @Override
    public Sql viewsNaming(String table) {
        return Sql.of("SELECT table_name FROM information_schema.views WHERE table_schema = DATABASE() "
                + "AND LOCATE(CONCAT('`', DATABASE(), '`.`', REPLACE(?, '`', '``'), '`'), view_definition) > 0 ORDER BY 1",
                table);
    }

    @Override
    public Sql viewDefinition(String view) {
        return Sql.of("SELECT view_definition AS definition FROM information_schema.views WHERE table_schema = DATABASE() "
                + "AND table_name = ?", view);
    }

    @Override
    public Sql anyRow(String table) {
        return Sql.of("SELECT 1 FROM " + MySqlRebuildSql.q(table) + " LIMIT 1");
    }

    @Override
    public Sql duplicates(String table, List<String> columns, int limit) {
        List<String> quoted = columns.stream().map(MySqlRebuildSql::q).toList();
        return Sql.of("SELECT " + quoted.stream().map(c -> c + "").collect(Collectors.joining(", "))
                + ", COUNT(*) AS n FROM " + MySqlRebuildSql.q(table) + " WHERE "
                + quoted.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "))
                + " GROUP BY " + String.join(", ", quoted) + " HAVING COUNT(*) > 1 LIMIT " + limit);
    }

    @Override
    public Sql nulls(String table, String column, int limit) {
        return countUpTo(table, " WHERE " + MySqlRebuildSql.q(column) + " IS NULL", limit);
    }

    @Override
    public Sql columnsSetOnUpdate(String table) {
        return Sql.of("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND LOWER(extra) LIKE '%on update%' ORDER BY ordinal_position", table);
    }
    /** MariaDB prints the default NULL as {@code 'NULL'}; the checker reads that as no default, as it is. */
    @Override
    public Sql schemaColumns() {
        return Sql.of("SELECT c.table_name AS tbl, c.column_name AS col, c.column_type AS type, "
                + "c.is_nullable = 'NO' AS not_null, c.column_default AS dflt, (c.extra LIKE '%auto_increment%' "
                + "OR c.extra IN ('VIRTUAL GENERATED', 'STORED GENERATED', 'PERSISTENT GENERATED')) AS generates "
                + "FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema "
                + "AND t.table_name = c.table_name WHERE c.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' "
                + "ORDER BY c.table_name, c.ordinal_position");
    }

    /** A functional index part has no column name: such an index comes back with a NULL {@code col}, for the reader to skip. */
    @Override
    public Sql schemaKeys() {
        return Sql.of("SELECT s.table_name AS tbl, s.index_name AS name, CASE WHEN s.index_name = 'PRIMARY' THEN 'PRIMARY' "
                + "WHEN s.non_unique = 0 THEN 'UNIQUE' ELSE 'INDEX' END AS kind, s.column_name AS col "
                + "FROM information_schema.statistics s JOIN information_schema.tables t ON t.table_schema = s.table_schema "
                + "AND t.table_name = s.table_name WHERE s.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' "
                + "ORDER BY s.table_name, s.index_name, s.seq_in_index");
    }

    @Override
    public Sql rowsUpTo(String table, int limit) {
        return countUpTo(table, "", limit);
    }

    /** The rows matching {@code where} (empty: all), counted up to {@code limit}: the scan stops there. */
    private static Sql countUpTo(String table, String where, int limit) {
        return Sql.of("SELECT COUNT(*) AS n FROM (SELECT 1 FROM " + MySqlRebuildSql.q(table) + where + " LIMIT " + limit + ") counted");
    }
}
