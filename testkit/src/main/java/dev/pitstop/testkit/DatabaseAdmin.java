package dev.pitstop.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, creates and drops the fixture's databases on a {@link Server}. Names are
 * {@code pitstop_it_<6 hex digits chosen once per JVM>_<sequence>}, so every database of one JVM run shares
 * a prefix and no two runs collide. Dropping first ends other sessions on that database (PostgreSQL
 * {@code WITH (FORCE)} or {@code pg_terminate_backend}, MySQL {@code KILL}) so a leaked connection
 * cannot block it.
 */
final class DatabaseAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseAdmin.class);
    static final String PREFIX = "pitstop_it_";
    private static final String RUN = randomHex(3);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9_]{1,63}");

    private DatabaseAdmin() {
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A new name, unique within this JVM and (with high probability) across JVMs. */
    static String newName() {
        return PREFIX + RUN + "_" + SEQUENCE.incrementAndGet();
    }

    static void create(Server server, String name) throws SQLException {
        String quoted = quote(server.kind(), name);
        String sql = server.kind() == DatabaseKind.POSTGRES
                ? "CREATE DATABASE " + quoted
                : "CREATE DATABASE " + quoted + " CHARACTER SET utf8mb4";
        try (Connection connection = server.connectAdmin(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        LOG.debug("Created database {} on {}", name, server.description());
    }

    static void drop(Server server, String name) throws SQLException {
        try (Connection connection = server.connectAdmin()) {
            if (server.kind() == DatabaseKind.POSTGRES) {
                dropPostgres(connection, server.majorVersion(), name);
            } else {
                dropMysql(connection, name);
            }
        }
        LOG.debug("Dropped database {} on {}", name, server.description());
    }

    private static void dropPostgres(Connection connection, int majorVersion, String name) throws SQLException {
        String quoted = quote(DatabaseKind.POSTGRES, name);
        try (Statement statement = connection.createStatement()) {
            if (majorVersion >= 13) {
                try {
                    statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
                    return;
                } catch (SQLException e) {
                    if (!"42601".equals(e.getSQLState())) { // anything but "syntax error" is real
                        throw e;
                    }
                }
            }
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.executeQuery().close();
                }
                try {
                    statement.execute("DROP DATABASE IF EXISTS " + quoted);
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState()) || attempt >= 5) { // 55006: still being accessed
                        throw e;
                    }
                }
            }
        }
    }

    private static void dropMysql(Connection connection, String name) throws SQLException {
        List<Long> sessions = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
            find.setString(1, name);
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getLong(1));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (long id : sessions) {
                try {
                    statement.execute("KILL CONNECTION " + id);
                } catch (SQLException e) {
                    LOG.debug("Could not kill session {} on {}", id, name, e);
                }
            }
            statement.execute("SET SESSION lock_wait_timeout = 30");
            statement.execute("DROP DATABASE IF EXISTS " + quote(DatabaseKind.MYSQL, name));
        }
    }

    private static String quote(DatabaseKind kind, String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("unexpected database name: " + name);
        }
        return kind == DatabaseKind.POSTGRES ? '"' + name + '"' : '`' + name + '`';
    }
}
