package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Sql;

/** Catalog lookups in DATABASE(). InnoDB has no invalid indexes: an index that exists is valid. */
final class MySqlCatalogSql implements CatalogSql {

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
}
