package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Sql;

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
    public Sql currentSchema() {
        return Sql.of("SELECT current_schema()");
    }
}
