package dev.pitstop.testkit;

/**
 * The two server families the fixture hands out databases for.
 *
 * <p>{@link #MYSQL} covers MySQL and MariaDB alike: both are reached with MySQL Connector/J
 * ({@code jdbc:mysql://}).
 */
public enum DatabaseKind {
    /** PostgreSQL (13 or newer is assumed for {@code DROP DATABASE ... WITH (FORCE)}; older ones work too). */
    POSTGRES("PostgreSQL", "POSTGRES"),
    /** MySQL or MariaDB. */
    MYSQL("MySQL", "MYSQL");

    private final String displayName;
    private final String envName;

    DatabaseKind(String displayName, String envName) {
        this.displayName = displayName;
        this.envName = envName;
    }

    /** Human name used in log lines and messages, e.g. {@code PostgreSQL}. */
    String displayName() {
        return displayName;
    }

    /** Name of a setting for this kind, e.g. {@code setting("URL")} is {@code PITSTOP_TEST_POSTGRES_URL}. */
    String setting(String suffix) {
        return "PITSTOP_TEST_" + envName + "_" + suffix;
    }
}
