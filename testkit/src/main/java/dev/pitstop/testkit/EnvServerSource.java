package dev.pitstop.testkit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tier {@code env}: a server named by {@code PITSTOP_TEST_POSTGRES_URL} / {@code PITSTOP_TEST_MYSQL_URL},
 * a JDBC URL of a database on which the user may create and drop databases. The user and password come
 * from {@code PITSTOP_TEST_<KIND>_USER} / {@code _PASSWORD} or else from the URL (query or
 * {@code user:password@host}). A URL that is set but does not connect is an error, not a reason to fall
 * back to another tier. Owns nothing: the server is the user's.
 */
final class EnvServerSource implements ServerSource {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;

    EnvServerSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String tier() {
        return "env";
    }

    @Override
    public Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot) {
        String urlSetting = kind.setting("URL");
        Optional<String> url = settings.get(urlSetting);
        if (url.isEmpty()) {
            whyNot.accept(urlSetting + " not set");
            return Optional.empty();
        }
        String jdbcUrl = url.get();
        checkScheme(kind, urlSetting, jdbcUrl);
        String user = settings.get(kind.setting("USER")).orElse(null);
        String password = settings.raw(kind.setting("PASSWORD")).orElse(null);
        try {
            return Optional.of(Server.probe(kind, tier(), urlSetting, jdbcUrl, user, password, CONNECT_TIMEOUT));
        } catch (SQLException | RuntimeException e) {
            throw new MisconfiguredException(urlSetting + "=" + JdbcUrls.mask(jdbcUrl)
                    + " is set but connecting to it failed: " + e.getMessage(), e);
        }
    }

    private static void checkScheme(DatabaseKind kind, String setting, String url) {
        boolean ok = kind == DatabaseKind.POSTGRES
                ? url.startsWith("jdbc:postgresql:")
                : url.startsWith("jdbc:mysql:");
        if (!ok) {
            String expected = kind == DatabaseKind.POSTGRES
                    ? "jdbc:postgresql://host:5432/postgres"
                    : "jdbc:mysql://host:3306/ (MySQL Connector/J, which also talks to MariaDB)";
            throw new MisconfiguredException(setting + "=" + JdbcUrls.mask(url)
                    + " is not a URL this fixture can use; expected something like " + expected, null);
        }
    }
}
