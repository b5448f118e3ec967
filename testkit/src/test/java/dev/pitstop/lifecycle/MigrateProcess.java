package dev.pitstop.lifecycle;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code migrate} in a JVM of its own, so a test can SIGKILL it part-way: arguments are the JDBC URL, the
 * user, the folder of migration files and the chunk time in milliseconds; the password comes in the
 * environment ({@code PITSTOP_TEST_PASSWORD}), never on the command line.
 */
public final class MigrateProcess {
    private MigrateProcess() {
    }

    public static void main(String[] args) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(args[0]);
        hikari.setUsername(args[1]);
        hikari.setPassword(System.getenv().getOrDefault("PITSTOP_TEST_PASSWORD", ""));
        hikari.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(hikari)) {
            Pitstop.configure().dataSource(dataSource).locations("filesystem:" + args[2])
                    .chunkTime(Duration.ofMillis(Long.parseLong(args[3])))
                    .throttleQuery(args.length > 4 ? args[4] : null).load().migrate();
        }
    }

    /** Starts {@link #main} on the test's own classpath. */
    static Process start(TestDatabase db, Path dir, Duration chunkTime) throws IOException {
        return start(db, dir, chunkTime, null);
    }

    /** As {@link #start(TestDatabase, Path, Duration)}, with a throttle query (null for none). */
    static Process start(TestDatabase db, Path dir, Duration chunkTime, String throttleQuery) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MigrateProcess.class.getName());
        command.add(db.jdbcUrl());
        command.add(db.user());
        command.add(dir.toString());
        command.add(String.valueOf(chunkTime.toMillis()));
        if (throttleQuery != null) {
            command.add(throttleQuery);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(java.nio.file.Files.createTempFile("pitstop-migrate-", ".log").toFile());
        builder.environment().put("PITSTOP_TEST_PASSWORD", db.password());
        return builder.start();
    }
}
