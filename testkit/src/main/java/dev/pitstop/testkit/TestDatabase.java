package dev.pitstop.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One fresh, empty database on a server the fixture picked, created for one test class and dropped
 * when that class ends (see {@link TestDatabases}). It owns nothing but its coordinates: connections
 * handed out by {@link #connect()} and {@link #dataSource()} belong to the caller.
 *
 * <p>{@link #jdbcUrl()} never contains the password (nor other password-like parameters, which
 * {@link #connect()} and {@link #dataSource()} pass as connection properties).
 */
public final class TestDatabase {

    private final Server server;
    private final String name;
    private final String jdbcUrl;
    private final DataSource dataSource;

    TestDatabase(Server server, String name) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = server.urlFor(name);
        this.dataSource = new DriverManagerDataSource(jdbcUrl, server.connectionProperties());
    }

    public DatabaseKind kind() {
        return server.kind();
    }

    /** The database name, e.g. {@code pitstop_it_3f9a1c_1}: lowercase, unique per JVM run, at most 40 chars. */
    public String name() {
        return name;
    }

    /** A JDBC URL of this database, without user or password. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return server.user();
    }

    /** The password, possibly "". Never logged by the fixture. */
    public String password() {
        return server.password();
    }

    /** Which server this is, e.g. {@code local PostgreSQL 15.20 at 127.0.0.1:5432}. */
    public String server() {
        return server.description();
    }

    /** A simple non-pooled DataSource for this database (a new connection per call). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs the statements in order on one auto-commit connection. */
    public void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw failure(each, e);
                }
            }
        } catch (SQLException e) {
            throw failure(String.join("; ", sql), e);
        }
    }

    /**
     * The single value of a query returning one row and one column ({@code null} for SQL NULL).
     * Numbers, booleans and strings are converted to {@code type} when the driver does not.
     */
    /**
     * A table expression of the numbers 1..n in a column {@code seq} (every {@code step}-th from 1):
     * MariaDB's Sequence engine ({@code seq_1_to_n}), elsewhere (MySQL) a cross join of digits, so the
     * same test fills tables on both.
     */
    public String numbers(long n, int step) {
        if (queryForObject("SELECT VERSION()", String.class).contains("MariaDB")) {
            return "seq_1_to_" + n + (step > 1 ? "_step_" + step : "");
        }
        String digit = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
                + "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        int digits = Math.max(1, String.valueOf(n).length());
        StringBuilder value = new StringBuilder("1");
        StringBuilder from = new StringBuilder();
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            value.append(" + ").append(scale).append(" * d").append(i).append(".d");
            from.append(i == 0 ? "" : " CROSS JOIN ").append(digit).append(" AS d").append(i);
            scale *= 10;
        }
        return "(SELECT seq FROM (SELECT " + value + " AS seq FROM " + from + ") AS n WHERE seq <= " + n
                + (step > 1 ? " AND MOD(seq - 1, " + step + ") = 0" : "") + ") AS seq_table";
    }

    /** {@link #numbers(long, int)} with every number. */
    public String numbers(long n) {
        return numbers(n, 1);
    }

    public <T> T queryForObject(String sql, Class<T> type) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("Expected one row, got none, on " + name + ": " + sql);
            }
            Object value = rs.getObject(1);
            if (rs.next()) {
                throw new IllegalStateException("Expected one row, got more, on " + name + ": " + sql);
            }
            return value == null ? null : convert(value, type, sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** All rows, each as column label to value, in column order. */
    public List<Map<String, Object>> queryForList(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.put(meta.getColumnLabel(column), rs.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T convert(Object value, Class<T> requested, String sql) {
        Class<?> type = box(requested);
        if (type.isInstance(value)) {
            return (T) value;
        }
        if (type == String.class) {
            return (T) value.toString();
        }
        if (value instanceof Boolean b && Number.class.isAssignableFrom(type)) {
            value = b ? 1 : 0;
        }
        if (value instanceof Number n) {
            Object converted = type == Long.class ? (Object) n.longValue()
                    : type == Integer.class ? (Object) n.intValue()
                    : type == Short.class ? (Object) n.shortValue()
                    : type == Byte.class ? (Object) n.byteValue()
                    : type == Double.class ? (Object) n.doubleValue()
                    : type == Float.class ? (Object) n.floatValue()
                    : type == BigDecimal.class ? new BigDecimal(n.toString())
                    : type == BigInteger.class ? new BigDecimal(n.toString()).toBigInteger()
                    : type == Boolean.class ? (Object) (n.intValue() != 0)
                    : null;
            if (converted != null) {
                return (T) converted;
            }
        }
        throw new IllegalStateException("Cannot convert " + value.getClass().getName() + " to " + requested.getName()
                + ": " + sql);
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class : type == long.class ? Long.class : type == boolean.class ? Boolean.class
                : type == double.class ? Double.class : type == float.class ? Float.class : type == short.class ? Short.class
                : type == byte.class ? Byte.class : type == char.class ? Character.class : Void.class;
    }

    private RuntimeException failure(String sql, SQLException e) {
        return new RuntimeException("SQL failed on " + kind().displayName() + " database " + name + ": " + sql
                + " -> " + e.getMessage(), e);
    }

    Server serverHandle() {
        return server;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server.description() + "]";
    }
}
