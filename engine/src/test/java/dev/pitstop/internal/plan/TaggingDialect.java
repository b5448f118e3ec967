package dev.pitstop.internal.plan;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.ParserFlavor;
import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dialect for planner tests: its online forms tag the statement with the rewrite that produced it, so a
 * test sees which rewrite a step asked for. Everything that would need a server throws.
 */
final class TaggingDialect implements Dialect {

    @Override
    public OnlineDdl onlineDdl() {
        return new OnlineDdl() {
            @Override
            public Sql createIndex(String statement) {
                return Sql.of("/* online index */ " + statement);
            }

            @Override
            public Optional<Sql> dropIndexLeftover(String table, String index) {
                return Optional.of(Sql.of("/* drop leftover */ " + table + "." + index));
            }

            @Override
            public Sql addColumns(String statement) {
                return Sql.of("/* instant */ " + statement);
            }

            @Override
            public Sql createTable(String statement) {
                return Sql.of("/* as written */ " + statement);
            }

            @Override
            public boolean typeChangeIsMetadataOnly(String currentType, String newType) {
                return currentType.equals(newType);
            }

            @Override
            public Sql alterColumnTypes(String statement) {
                return Sql.of("/* metadata only */ " + statement);
            }

            @Override
            public Sql addRenamedColumn(String table, String column, String type) {
                return Sql.of("/* renamed column */ " + table + "." + column + " " + type);
            }

            @Override
            public List<Sql> installRenameSync(String table, String from, String to, String helper) {
                return List.of(Sql.of("/* sync */ " + table + "." + from + " = " + to + " by " + helper));
            }

            @Override
            public List<Sql> dropRenameSync(String table, String helper) {
                return List.of(Sql.of("/* drop sync */ " + helper));
            }

            @Override
            public String columnsDiffer(String a, String b) {
                return a + " <> " + b;
            }

            @Override
            public String quote(String name) {
                return name;
            }

            @Override
            public Sql dropColumn(String table, String column) {
                return Sql.of("/* drop column */ " + table + "." + column);
            }

            @Override
            public Sql setDefault(String table, String column, String expression) {
                return Sql.of("/* set default */ " + table + "." + column + " " + expression);
            }

            @Override
            public List<Sql> setNotNullOnline(String table, String column, String helper) {
                return List.of(Sql.of("/* not null */ " + table + "." + column));
            }

            @Override
            public String quote(String catalogName, String beside) {
                return "[" + catalogName + "]";
            }

            @Override
            public Sql dropIndex(String statement, String table, String index) {
                return Sql.of("/* online drop */ " + statement);
            }

            @Override
            public Sql dropIndex(String table, String index) {
                return Sql.of("/* online drop */ " + table + "." + index);
            }

            @Override
            public List<Sql> renameBehindView(String from, String to, String swap, String parked) {
                return List.of(Sql.of("/* rename behind view */ " + from + " -> " + to + " via " + swap + ", " + parked));
            }

            @Override
            public List<Sql> renameBack(String from, String to, String swap) {
                return List.of(Sql.of("/* rename back */ " + to + " -> " + from));
            }

            @Override
            public Sql dropView(String view) {
                return Sql.of("/* drop view */ " + view);
            }

            @Override
            public Sql renameTable(String from, String to) {
                return Sql.of("/* rename */ " + from + " -> " + to);
            }

            @Override
            public Sql dropTable(String table) {
                return Sql.of("/* drop table */ " + table);
            }

            @Override
            public Sql alterColumnDefault(String statement) {
                return Sql.of("/* metadata only */ " + statement);
            }

            @Override
            public Sql restoreColumnDefault(String table, String column, String expression) {
                return Sql.of("/* restore default */ " + table + "." + column + " " + expression);
            }

            @Override
            public Sql dropConstraint(String table, String constraint, boolean foreignKey) {
                return Sql.of("/* drop constraint */ " + table + "." + constraint);
            }

            @Override
            public Sql dropUnique(String table, String constraint) {
                return Sql.of("/* drop unique */ " + table + "." + constraint);
            }

            @Override
            public Optional<Sql> notNullCheck(String table, String constraint, String column) {
                return Optional.of(Sql.of("/* not null check */ " + table + "." + constraint + " " + column));
            }

            @Override
            public Optional<Sql> validateConstraint(String table, String constraint) {
                return Optional.of(Sql.of("/* validate */ " + table + "." + constraint));
            }

            @Override
            public Sql nullRows(String table, String column) {
                return Sql.of("/* null rows */ " + table + "." + column);
            }

            @Override
            public Sql columnNotNull(String table, String column, boolean notNull) {
                return Sql.of("/* " + (notNull ? "set" : "drop") + " not null */ " + table + "." + column);
            }

            @Override
            public Optional<Sql> addForeignKey(String statement) {
                return Optional.of(Sql.of("/* not valid */ " + statement));
            }

            @Override
            public Optional<Sql> uniqueUsingIndex(String table, String constraint, String index) {
                return Optional.of(Sql.of("/* using index */ " + table + "." + constraint));
            }

            @Override
            public Sql createUniqueIndex(String table, String index, List<String> columns) {
                return Sql.of("/* unique index */ " + table + "." + index + " " + columns);
            }
        };
    }

    @Override
    public String id() {
        return "tagging";
    }

    @Override
    public String describe() {
        return "tagging test dialect";
    }

    @Override
    public ParserFlavor parserFlavor() {
        return ParserFlavor.POSTGRES;
    }

    @Override
    public String normalizeIdentifier(String written) {
        return written;
    }

    @Override
    public List<Sql> sessionSetup() {
        return List.of();
    }

    @Override
    public Sql captureSession() {
        throw noServer();
    }

    @Override
    public List<Sql> restoreSession(Map<String, Object> captured) {
        throw noServer();
    }

    @Override
    public Sql restoreLockTimeout(Map<String, Object> captured) {
        throw noServer();
    }

    @Override
    public Sql lockTimeout(Duration timeout) {
        throw noServer();
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return false;
    }

    @Override
    public StateSql state() {
        throw noServer();
    }

    @Override
    public LockSql lock() {
        throw noServer();
    }

    @Override
    public CatalogSql catalog() {
        throw noServer();
    }

    private static UnsupportedOperationException noServer() {
        return new UnsupportedOperationException("planner tests have no server");
    }
}
