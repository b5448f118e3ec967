package dev.pitstop.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A database server some {@link ServerSource} found, reachable and checked: it owns the admin
 * connection settings (URL without credentials, user, password) and knows how to point a URL at
 * another database on the same server. It does not own the server process; the source does.
 */
final class Server {

    private final DatabaseKind kind;
    private final String tier;
    private final String description;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final Map<String, String> secrets;
    private final int majorVersion;

    private Server(DatabaseKind kind, String tier, String description, String adminUrl, String user,
                   String password, Map<String, String> secrets, int majorVersion) {
        this.kind = kind;
        this.tier = tier;
        this.description = description;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.secrets = secrets;
        this.majorVersion = majorVersion;
    }

    /**
     * Connects to {@code url} (credentials may sit in the URL; explicit {@code user}/{@code password}
     * win), reads the server version and returns the checked server.
     *
     * @param origin   how the server was found, first word(s) of the description, e.g. "local"
     * @param timeout  connect and login timeout for this probe
     */
    static Server probe(DatabaseKind kind, String tier, String origin, String url, String user, String password,
                        Duration timeout) throws SQLException {
        JdbcUrls.Credentials credentials = JdbcUrls.split(url);
        String adminUrl = credentials.url();
        if (kind == DatabaseKind.MYSQL) {
            adminUrl = withMysqlDefaults(adminUrl);
        }
        String actualUser = user != null ? user : credentials.user() != null ? credentials.user() : "";
        String actualPassword = password != null ? password : credentials.password() != null ? credentials.password() : "";
        Server candidate = new Server(kind, tier, "", adminUrl, actualUser, actualPassword,
                Map.copyOf(credentials.secrets()), 0);
        Properties properties = candidate.connectionProperties();
        long seconds = Math.max(1, timeout.toSeconds());
        if (kind == DatabaseKind.POSTGRES) {
            properties.setProperty("connectTimeout", Long.toString(seconds));
            properties.setProperty("loginTimeout", Long.toString(seconds));
            properties.setProperty("socketTimeout", Long.toString(seconds * 5));
        } else {
            properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
            properties.setProperty("socketTimeout", Long.toString(timeout.toMillis() * 5));
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, properties);
             Statement statement = connection.createStatement()) {
            String version;
            try (ResultSet rs = statement.executeQuery(kind == DatabaseKind.POSTGRES ? "SHOW server_version" : "SELECT VERSION()")) {
                rs.next();
                version = rs.getString(1);
            }
            int major = connection.getMetaData().getDatabaseMajorVersion();
            String description = origin + " " + product(kind, version) + " at " + JdbcUrls.hostAndPort(adminUrl);
            return new Server(kind, tier, description, adminUrl, actualUser, actualPassword, candidate.secrets, major);
        }
    }

    /** MySQL URLs get {@code allowPublicKeyRetrieval=true&useSSL=false} unless they set these already. */
    static String withMysqlDefaults(String url) {
        String result = JdbcUrls.withParamIfAbsent(url, "allowPublicKeyRetrieval", "true");
        if (JdbcUrls.param(result, "sslMode").isEmpty()) {
            result = JdbcUrls.withParamIfAbsent(result, "useSSL", "false");
        }
        return result;
    }

    /** e.g. "PostgreSQL 15.20" from "15.20 (Debian 15.20-0+deb12u1)", "MariaDB 10.11.19" from "10.11.19-MariaDB-0+deb12u1". */
    static String product(DatabaseKind kind, String version) {
        String v = version == null ? "?" : version.trim();
        if (kind == DatabaseKind.POSTGRES) {
            int space = v.indexOf(' ');
            return "PostgreSQL " + (space < 0 ? v : v.substring(0, space));
        }
        String name = v.toLowerCase().contains("mariadb") ? "MariaDB" : "MySQL";
        int dash = v.indexOf('-');
        return name + " " + (dash < 0 ? v : v.substring(0, dash));
    }

    DatabaseKind kind() {
        return kind;
    }

    /** The tier that found it: env, local, docker or embedded. */
    String tier() {
        return tier;
    }

    /** e.g. "local PostgreSQL 15.20 at 127.0.0.1:5432". */
    String description() {
        return description;
    }

    /** The admin database's URL, without credentials. */
    String adminUrl() {
        return adminUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    int majorVersion() {
        return majorVersion;
    }

    /** URL of {@code database} on this server, without credentials, query string kept. */
    String urlFor(String database) {
        return JdbcUrls.withDatabase(adminUrl, database);
    }

    /** user, password and any other secret URL parameters, as driver properties. */
    Properties connectionProperties() {
        Properties properties = new Properties();
        properties.putAll(secrets);
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    Connection connectAdmin() throws SQLException {
        return DriverManager.getConnection(adminUrl, connectionProperties());
    }

    @Override
    public String toString() {
        return description + " [tier " + tier + "]";
    }
}
