package dev.pitstop.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a real Maven, as a child process, on a copy of {@code samples/maven-project}, against fresh
 * PostgreSQL and MySQL/MariaDB databases from the testkit.
 *
 * <p>The plugin under test reaches the child build through {@code target/it-repo}: maven-invoker-plugin's
 * {@code install} goal puts the plugin, its parent POM and its dependencies there in pre-integration-test,
 * and the child uses that directory as its local repository, offline, with a mirror pointing at the local
 * repository of the outer build for anything else. No {@code mvn install} is needed.
 *
 * <p>One file of a little over 400 lines: every case shares the child-Maven harness below, and splitting
 * it would mean a second class just to hold that harness.
 *
 * <p>Each child build's output is kept in {@code target/it-work/logs/}.
 */
@WithDatabases
class MavenPluginIT {

    private static final String HISTORY_COLUMNS = "version, description, script, checksum, phase, state, "
            + "installed_by, started_at, expanded_at, completed_at, execution_ms, error";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static TestDatabases dbs;
    private static Path work;
    private static Path sample;
    private static Path itRepo;
    private static Path settings;
    private static String pluginVersion;
    private static final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void setUp(TestDatabases databases) throws IOException {
        dbs = databases;
        sample = Path.of(required("pitstop.it.sample")).toAbsolutePath().normalize();
        itRepo = Path.of(required("pitstop.it.repo")).toAbsolutePath().normalize();
        work = Path.of(required("pitstop.it.work")).toAbsolutePath().normalize();
        pluginVersion = required("pitstop.plugin.version");
        Path outerRepo = Path.of(required("pitstop.it.centralRepo")).toAbsolutePath().normalize();
        assertThat(sample.resolve("pom.xml")).as("the sample project").exists();
        assertThat(itRepo.resolve("dev/pitstop/pitstop-maven-plugin/" + pluginVersion))
                .as("the plugin installed by maven-invoker-plugin:install").isDirectory();
        deleteRecursively(work);
        Files.createDirectories(work.resolve("logs"));
        settings = work.resolve("settings.xml");
        // The outer build's local repository stands in for Central (parent POMs and BOMs of third-party
        // dependencies that invoker:install does not copy). It is a file:// repository, which the child may
        // use while offline (aether.offline.protocols=file); a local repository has no checksum files.
        String outer = """
                    <repository>
                      <id>central</id>
                      <url>%s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                    </repository>
                """.formatted(outerRepo.toUri());
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <offline>true</offline>
                  <pluginGroups>
                    <pluginGroup>dev.pitstop</pluginGroup>
                  </pluginGroups>
                  <profiles>
                    <profile>
                      <id>pitstop-it</id>
                      <repositories>
                %s      </repositories>
                      <pluginRepositories>
                %s      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>pitstop-it</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(itRepo, outer, outer.replace("<repository>", "<pluginRepository>").replace("</repository>", "</pluginRepository>")),
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void tearDown() {
        cleanups.forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migratesTheSampleProject(DatabaseKind kind) throws IOException {
        TestDatabase db = dbs.fresh(kind);
        Path project = copySample("sample-" + kind);

        Run plan = mvn(project, db, "pitstop:plan");
        plan.assertSuccess();
        assertThat(plan.output()).contains("3 pending migration(s):",
                "V1 create customers (V1__create_customers.sql)", "[create-table] at V1__create_customers.sql:",
                "V2 index customers email (V2__index_customers_email.sql)", "[create-index] at V2__index_customers_email.sql:3",
                "V3 add customers phone (V3__add_customers_phone.sql)", "[add-column] at V3__add_customers_phone.sql:2",
                "EXPAND: ", "idx_customers_email");
        assertThat(tables(db)).doesNotContain("customers");

        Run migrate = mvn(project, db, "pitstop:migrate");
        migrate.assertSuccess();
        assertThat(migrate.output()).contains("V1 create customers: COMPLETED", "V2 index customers email: COMPLETED",
                "V3 add customers phone: COMPLETED", "Migrated 3 migration(s).");
        assertThat(columns(db, "customers")).containsExactly("id", "name", "email", "phone");
        assertThat(indexExists(db, "customers", "idx_customers_email")).isTrue();
        assertThat(history(db)).containsExactly(Map.entry("1", "COMPLETED"), Map.entry("2", "COMPLETED"),
                Map.entry("3", "COMPLETED"));
        assertThat(String.join(", ", columns(db, "pitstop_history"))).isEqualTo(HISTORY_COLUMNS);

        Run status = mvn(project, db, "pitstop:status");
        status.assertSuccess();
        assertThat(status.output())
                .containsPattern("\\| Version +\\| Description +\\| Phase +\\| State +\\| Started +\\| Finished +\\|")
                .containsPattern("\\| 1 +\\| create customers +\\| \\w+ +\\| COMPLETED +\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\|")
                .containsPattern("\\| 2 +\\| index customers email +\\| \\w+ +\\| COMPLETED +\\|")
                .containsPattern("\\| 3 +\\| add customers phone +\\| \\w+ +\\| COMPLETED +\\|")
                .contains("3 migration(s), 0 not applied.");

        Run again = mvn(project, db, "pitstop:migrate");
        again.assertSuccess();
        assertThat(again.output()).contains("Nothing to migrate: the database is up to date.")
                .doesNotContain("Migrated ");
        assertThat(history(db)).hasSize(3);

        // abort undoes only what is not completed: here nothing, and it says so.
        Run abort = mvn(project, db, "pitstop:abort");
        abort.assertSuccess();
        assertThat(abort.output()).contains("Nothing to abort");
        assertThat(history(db)).hasSize(3);

        // A statement that does not parse fails the goal, naming file and line; nothing runs.
        Files.writeString(project.resolve("src/main/resources/db/migration/V4__broken.sql"), """
                -- V4: the second statement is broken on purpose
                CREATE INDEX idx_customers_name ON customers (name);
                CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY,, total DECIMAL(10, 2));
                """, StandardCharsets.UTF_8);
        Run broken = mvn(project, db, "pitstop:migrate");
        broken.assertFailure();
        assertThat(broken.output()).contains("V4__broken.sql:3", "BUILD FAILURE");
        assertThat(history(db)).doesNotContainKey("4");
        assertThat(indexExists(db, "customers", "idx_customers_name")).isFalse();
        assertThat(tables(db)).doesNotContain("orders");
        assertThat(broken.output()).contains("MojoFailureException"); // bad input: a failure (Maven's help link)

        // A statement that parses but fails while running is an execution error; the migration is left FAILED.
        Files.delete(project.resolve("src/main/resources/db/migration/V4__broken.sql"));
        Files.writeString(project.resolve("src/main/resources/db/migration/V4__index_customers_nickname.sql"), """
                -- fails while running: there is no such column
                CREATE INDEX idx_customers_nickname ON customers (nickname);
                """, StandardCharsets.UTF_8);
        Run failing = mvn(project, db, "pitstop:migrate");
        failing.assertFailure();
        assertThat(failing.output()).contains("V4__index_customers_nickname.sql:2", "nickname", "BUILD FAILURE",
                "MojoExecutionException");
        assertThat(history(db)).containsEntry("4", "FAILED").containsEntry("3", "COMPLETED");
    }

    @org.junit.jupiter.api.Test
    void verifyFailsOnABreakingMigrationWithTheRuleIdAndPassesOnceItIsRewrittenSafely() throws IOException {
        Path project = copySample("sample-check");
        // the child build is offline and the outer repository lacks the jar lifecycle's default plugin versions
        // (resources 2.6, ...): pom packaging keeps verify to what this test is about, the check execution
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<packaging>jar</packaging>", "<packaging>pom</packaging>"));
        Path v4 = project.resolve("src/main/resources/db/migration/V4__shorter_names.sql");
        Files.writeString(v4, "ALTER TABLE customers ALTER COLUMN name TYPE VARCHAR(20);\n", StandardCharsets.UTF_8);

        Run breaking = mvn(project, "jdbc:postgresql://127.0.0.1:1/no-database-needed", "nobody", null, List.of(), "verify");
        breaking.assertFailure();
        assertThat(breaking.output()).contains("pitstop-maven-plugin", ":check (check-migrations)",
                "REFUSED  narrowing-type-change  V4__shorter_names.sql:1", "safe rewrite:", "BUILD FAILURE");

        Files.writeString(v4, "-- names stay VARCHAR(200); the new version checks the length instead\n"
                + "ALTER TABLE customers ADD CONSTRAINT customers_name_short CHECK (char_length(name) <= 20);\n",
                StandardCharsets.UTF_8);
        Run safe = mvn(project, "jdbc:postgresql://127.0.0.1:1/no-database-needed", "nobody", null, List.of(), "verify");
        safe.assertSuccess();
        assertThat(safe.output()).contains(":check (check-migrations)", "0 refused").doesNotContain("REFUSED");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void baselinesADatabaseThatAlreadyHasTheSchema(DatabaseKind kind) throws IOException {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                + "email VARCHAR(320) NOT NULL)", "CREATE INDEX idx_customers_email ON customers (email)");
        Path project = copySample("baseline-" + kind);

        Run baseline = mvn(project, db, "-Dpitstop.baselineVersion=2", "pitstop:baseline");
        baseline.assertSuccess();
        assertThat(baseline.output()).contains("Baselined at version 2");

        Run migrate = mvn(project, db, "pitstop:migrate");
        migrate.assertSuccess();
        assertThat(migrate.output()).contains("V3 add customers phone: COMPLETED", "Migrated 1 migration(s).")
                .doesNotContain("V1 create customers:", "V2 index customers email:");
        assertThat(columns(db, "customers")).containsExactly("id", "name", "email", "phone");
        assertThat(history(db)).containsEntry("3", "COMPLETED").doesNotContainEntry("1", "COMPLETED")
                .doesNotContainEntry("2", "COMPLETED");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void neverPrintsThePassword(DatabaseKind kind) throws IOException {
        TestDatabase db = dbs.fresh(kind);
        String user = "pitstop_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String secret = "Pw-" + UUID.randomUUID().toString().replace("-", "");
        createUser(db, user, secret);
        Path project = copySample("secret-" + kind);

        // the right password (PostgreSQL under trust authentication accepts any)
        Run migrate = mvn(project, db.jdbcUrl(), user, secret, List.of(secret), "pitstop:migrate");
        migrate.assertSuccess();
        assertThat(migrate.output()).contains("Migrated 3 migration(s).", " as " + user);
        assertThat(history(db)).containsEntry("3", "COMPLETED");

        // a password in the URL is masked; an unreachable server is one clear failure naming URL and user
        String urlSecret = "Url-" + UUID.randomUUID().toString().replace("-", "");
        String prefix = kind == DatabaseKind.POSTGRES ? "jdbc:postgresql" : "jdbc:mysql";
        String unreachable = prefix + "://127.0.0.1:1/nowhere?password=" + urlSecret;
        Run down = mvn(project, unreachable, user, secret, List.of(secret, urlSecret), "pitstop:status");
        down.assertFailure();
        assertThat(down.output()).contains("cannot connect to " + prefix + "://127.0.0.1:1/nowhere?password=***",
                "as user '" + user + "'", "BUILD FAILURE");

        if (kind == DatabaseKind.MYSQL) {
            String wrong = "Wrong-" + UUID.randomUUID().toString().replace("-", "");
            Run denied = mvn(project, db.jdbcUrl(), user, wrong, List.of(secret, wrong), "pitstop:status");
            denied.assertFailure();
            assertThat(denied.output()).contains("cannot connect to " + db.jdbcUrl(), "as user '" + user + "'",
                    "Access denied");
        }
    }

    // ---------------------------------------------------------------- child Maven

    record Run(String goal, Path log, int exitCode, String output) {
        void assertSuccess() {
            assertThat(exitCode).as("exit code of %s; output in %s:%n%s", goal, log, output).isZero();
            assertThat(output).contains("BUILD SUCCESS");
        }

        void assertFailure() {
            assertThat(exitCode).as("exit code of %s; output in %s:%n%s", goal, log, output).isNotZero();
        }
    }

    private static Run mvn(Path project, TestDatabase db, String... args) {
        String password = db.password();
        return mvn(project, db.jdbcUrl(), db.user(), password,
                password == null || password.isEmpty() ? List.of() : List.of(password), args);
    }

    private static Run mvn(Path project, String url, String user, String password, List<String> secrets,
                           String... args) {
        List<String> command = new ArrayList<>();
        command.add(mavenExecutable());
        command.addAll(List.of("-B", "-o", "-s", settings.toString(), "-Dmaven.repo.local=" + itRepo,
                "-Daether.offline.protocols=file", "-Dpitstop.plugin.version=" + pluginVersion,
                "-Dpitstop.url=" + url, "-Dpitstop.user=" + user));
        if (password != null && !password.isEmpty()) {
            command.add("-Dpitstop.password=" + password);
        }
        command.addAll(Arrays.asList(args));
        String goal = args[args.length - 1];
        Path log = work.resolve("logs").resolve(String.format("%02d-%s-%s.log", RUNS.incrementAndGet(),
                project.getFileName(), goal.replace(':', '-')));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("mvn " + goal + " did not finish in 3 minutes; output in " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(output).as("output of mvn %s (%s) must not contain the password", goal, log)
                        .doesNotContain(secret);
            }
            return new Run(goal, log, process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code $maven.home/bin/mvn} of the Maven running this build, else {@code mvn} on the PATH. */
    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank()) {
            boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
            Path mvn = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
            if (Files.isRegularFile(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    private static Path copySample(String name) throws IOException {
        Path target = work.resolve(name);
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path source : (Iterable<Path>) files.filter(p -> !sample.relativize(p).startsWith("target"))::iterator) {
                Path copy = target.resolve(sample.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }

    // ---------------------------------------------------------------- database state

    private static boolean postgres(TestDatabase db) {
        return db.kind() == DatabaseKind.POSTGRES;
    }

    private static String schema(TestDatabase db) {
        return postgres(db) ? "current_schema()" : "database()";
    }

    private static List<String> tables(TestDatabase db) {
        return strings(db, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = " + schema(db));
    }

    private static List<String> columns(TestDatabase db, String table) {
        return strings(db, "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = "
                + schema(db) + " AND table_name = '" + table + "' ORDER BY ordinal_position");
    }

    private static boolean indexExists(TestDatabase db, String table, String index) {
        String sql = postgres(db)
                ? "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '" + table
                        + "' AND indexname = '" + index + "'"
                : "SELECT count(*) FROM information_schema.statistics WHERE table_schema = database() AND table_name = '"
                        + table + "' AND index_name = '" + index + "'";
        return db.queryForObject(sql, Long.class) > 0;
    }

    /** version to state, in version order; empty when there is no history table yet. */
    private static Map<String, String> history(TestDatabase db) {
        if (!tables(db).contains("pitstop_history")) {
            return Map.of();
        }
        Map<Integer, String> byVersion = new TreeMap<>();
        Map<Integer, String> text = new TreeMap<>();
        for (Map<String, Object> row : db.queryForList("SELECT version AS v, state AS s FROM pitstop_history")) {
            String version = String.valueOf(row.get("v"));
            int major = Integer.parseInt(version.split("[._]")[0]);
            byVersion.put(major, String.valueOf(row.get("s")));
            text.put(major, version);
        }
        Map<String, String> result = new LinkedHashMap<>();
        byVersion.forEach((major, state) -> result.put(text.get(major), state));
        return result;
    }

    private static List<String> strings(TestDatabase db, String sql) {
        return db.queryForList(sql).stream().map(row -> String.valueOf(row.values().iterator().next()))
                .map(String::toLowerCase).collect(Collectors.toList());
    }

    /** A login that may do everything in {@code db}, with a password; dropped after the class. */
    private static void createUser(TestDatabase db, String user, String password) {
        try {
            if (postgres(db)) {
                db.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                        "GRANT ALL ON DATABASE \"" + db.name() + "\" TO " + user,
                        "GRANT ALL ON SCHEMA public TO " + user);
                cleanups.add(() -> quietly(() -> db.execute("DROP OWNED BY " + user, "DROP ROLE " + user)));
            } else {
                db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'",
                        "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'%'",
                        "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'localhost'");
                cleanups.add(() -> quietly(() -> db.execute("DROP USER '" + user + "'@'%', '" + user + "'@'localhost'")));
            }
        } catch (RuntimeException e) {
            Assumptions.abort("cannot create a login with a password on " + db + ": " + e.getMessage());
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.err.println("MavenPluginIT cleanup: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("system property " + property + " is not set: run this test with failsafe (mvn verify)");
        }
        return value;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.delete(p);
            }
        }
    }
}
