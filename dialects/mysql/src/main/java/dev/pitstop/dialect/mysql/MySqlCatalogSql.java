package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Sql;

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
}
