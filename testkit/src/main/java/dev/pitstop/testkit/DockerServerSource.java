package dev.pitstop.testkit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Tier {@code docker}: Testcontainers, when a Docker engine answers. Images are pinned:
 * {@code postgres:16} and {@code mariadb:10.11}; {@code PITSTOP_TEST_POSTGRES_IMAGE} and
 * {@code PITSTOP_TEST_MYSQL_IMAGE} (e.g. {@code mysql:8.4}) override them. Owns the containers: at most
 * one per kind per JVM, started on first use and stopped when the JVM exits (Testcontainers' reaper
 * removes them too if the JVM dies).
 */
final class DockerServerSource implements ServerSource {

    private static final Logger LOG = LoggerFactory.getLogger(DockerServerSource.class);
    static final String DEFAULT_POSTGRES_IMAGE = "postgres:16";
    static final String DEFAULT_MYSQL_IMAGE = "mariadb:10.11";
    private static final Map<DatabaseKind, JdbcDatabaseContainer<?>> CONTAINERS = new EnumMap<>(DatabaseKind.class);

    private final Settings settings;

    DockerServerSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String tier() {
        return "docker";
    }

    @Override
    public Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot) {
        if (!dockerAvailable(whyNot)) {
            return Optional.empty();
        }
        String image = image(kind);
        try {
            JdbcDatabaseContainer<?> container = container(kind, image);
            return Optional.of(Server.probe(kind, tier(), "Testcontainers " + image, container.getJdbcUrl(),
                    container.getUsername(), container.getPassword(), Duration.ofSeconds(10)));
        } catch (Throwable e) {
            rethrowIfFatal(e);
            LOG.warn("Could not start a {} container from {}", kind.displayName(), image, e);
            whyNot.accept("starting " + image + " failed: " + e);
            return Optional.empty();
        }
    }

    private static boolean dockerAvailable(Consumer<String> whyNot) {
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return true;
            }
            whyNot.accept("no Docker engine found by Testcontainers");
        } catch (Throwable e) {
            rethrowIfFatal(e);
            whyNot.accept("Docker check failed: " + e);
        }
        return false;
    }

    String image(DatabaseKind kind) {
        return settings.get(kind.setting("IMAGE"))
                .orElse(kind == DatabaseKind.POSTGRES ? DEFAULT_POSTGRES_IMAGE : DEFAULT_MYSQL_IMAGE);
    }

    private static synchronized JdbcDatabaseContainer<?> container(DatabaseKind kind, String image) {
        JdbcDatabaseContainer<?> running = CONTAINERS.get(kind);
        if (running != null) {
            return running;
        }
        JdbcDatabaseContainer<?> container;
        if (kind == DatabaseKind.POSTGRES) {
            container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withUsername("postgres")
                    .withPassword("pitstop")
                    .withDatabaseName("postgres");
        } else {
            // MariaDB images understand the MYSQL_* variables MySQLContainer sets.
            container = new MySQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mysql"))
                    .withUsername("root")
                    .withPassword("pitstop")
                    .withDatabaseName("pitstop");
        }
        LOG.info("Starting {} container from {} (once per JVM)", kind.displayName(), image);
        container.start();
        CONTAINERS.put(kind, container);
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "pitstop-testkit-stop-" + image));
        return container;
    }

    static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError error) {
            throw error;
        }
    }
}
