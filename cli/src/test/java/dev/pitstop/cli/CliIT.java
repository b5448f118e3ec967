package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The executable jar against real servers, on both dialects: the sample folder's commands, adoption and
 * baseline, refusals with their exit codes, and two processes racing for the same database.
 */
@WithDatabases
class CliIT {
    private static final Path SAMPLE = Path.of(System.getProperty("pitstop.samples", "../samples"), "cli-migrations");

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theSampleFolderMigratesThenStatusListsItAppliedAndASecondMigrateDoesNothing(DatabaseKind kind,
                                                                                   TestDatabases dbs) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        PitstopProcess pitstop = new PitstopProcess(SAMPLE, Map.of());
        String[] target = {"--url", db.jdbcUrl(), "--user", db.user()};

        PitstopProcess.Result plan = pitstop.run(concat(target, "plan"));
        PitstopProcess.Result migrate = pitstop.run(concat(target, "migrate"));
        PitstopProcess.Result status = pitstop.run("status", "--format", "json", "--url", db.jdbcUrl(), "--user", db.user());
        PitstopProcess.Result again = pitstop.run("migrate", "--url", db.jdbcUrl(), "--user", db.user());

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("V2", kind == DatabaseKind.POSTGRES ? "CONCURRENTLY" : "ALGORITHM=INPLACE LOCK=NONE");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("V1", "V2", "V3", "COMPLETED");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("{\"database\":")
                .containsPattern("\"version\":\"1\",\"description\":\"create orders\"[^}]*\"state\":\"COMPLETED\"")
                .containsPattern("\"version\":\"2\"[^}]*\"state\":\"COMPLETED\"")
                .containsPattern("\"version\":\"3\"[^}]*\"state\":\"COMPLETED\"");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("up to date");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void controlCommandsFromAnotherProcessSetAndClearPitstopControl(DatabaseKind kind, TestDatabases dbs,
                                                                   @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        Files.createDirectories(dir.resolve("db/migration"));
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of("PITSTOP_URL", db.jdbcUrl(), "PITSTOP_USER", db.user()));

        PitstopProcess.Result pause = pitstop.run("pause");
        PitstopProcess.Result postpone = pitstop.run("postpone-cutover");
        PitstopProcess.Result chunkTime = pitstop.run("set", "chunk-time", "250ms");
        assertThat(pause.exitCode()).as(pause.toString()).isZero();
        assertThat(pause.out()).contains("Paused", "pitstop resume");
        assertThat(postpone.exitCode()).as(postpone.toString()).isZero();
        assertThat(chunkTime.exitCode()).as(chunkTime.toString()).isZero();
        PitstopProcess.Result status = pitstop.run("status");
        assertThat(status.out()).contains("Control pause: set by", "(pitstop resume clears it)",
                "Control chunk_time 250ms: set by");
        assertThat(db.queryForList("SELECT name, value FROM pitstop_control ORDER BY name").toString())
                .isEqualToIgnoringCase("[{name=chunk_time, value=250ms}, {name=pause, value=true}, "
                        + "{name=postpone_cutover, value=true}]");

        assertThat(pitstop.run("resume").exitCode()).isZero();
        assertThat(pitstop.run("unpostpone").exitCode()).isZero();
        assertThat(pitstop.run("set", "chunk-time", "default").exitCode()).isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_control", Number.class).intValue()).isZero();
        PitstopProcess.Result unknown = pitstop.run("set", "chunk-size", "10");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown setting 'chunk-size'");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void settingsComeFromTheEnvironmentAndFromPitstopProperties(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        copySample(dir.resolve("migrations"));
        Files.writeString(dir.resolve("pitstop.properties"), "pitstop.url=jdbc:postgresql://127.0.0.1:1/wrong\n"
                + "pitstop.locations=migrations\n");

        PitstopProcess.Result fromEnv = new PitstopProcess(dir, Map.of("PITSTOP_URL", db.jdbcUrl(),
                "PITSTOP_USER", db.user())).run("migrate");

        assertThat(fromEnv.exitCode()).as("env wins over the file; locations from the file\n" + fromEnv).isZero();
        assertThat(fromEnv.out()).contains("V3");
        Files.writeString(dir.resolve("pitstop.properties"), "pitstop.url=" + db.jdbcUrl() + "\npitstop.user=" + db.user()
                + "\npitstop.locations=migrations\n");
        PitstopProcess.Result fromFile = new PitstopProcess(dir, Map.of()).run("status");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out()).contains("COMPLETED");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDatabaseWithTablesAndNoHistoryIsAdoptedAndBaselineSkipsEarlierFiles(DatabaseKind kind, TestDatabases dbs,
                                                                             @TempDir Path dir) throws Exception {
        for (int v = 1; v <= 6; v++) {
            Files.writeString(dir.resolve("V" + v + "__table_" + v + ".sql"), "CREATE TABLE t" + v + " (id INT PRIMARY KEY);\n");
        }
        TestDatabase adopted = dbs.fresh(kind);
        adopted.execute("CREATE TABLE legacy (id INT PRIMARY KEY)");
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of());

        PitstopProcess.Result adopt = pitstop.run("migrate", "--url", adopted.jdbcUrl(), "--user", adopted.user(),
                "--locations", dir.toString());
        assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
        assertThat(adopted.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(6);

        TestDatabase baselined = dbs.fresh(kind);
        for (int v = 1; v <= 5; v++) {
            baselined.execute("CREATE TABLE t" + v + " (id INT PRIMARY KEY)");
        }
        String[] target = {"--url", baselined.jdbcUrl(), "--user", baselined.user(), "--locations", dir.toString()};
        PitstopProcess.Result baseline = pitstop.run(concat(target, "baseline", "5"));
        PitstopProcess.Result migrate = pitstop.run(concat(target, "migrate"));

        assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("V6").doesNotContain("V5 ");
        assertThat(baselined.queryForObject("SELECT COUNT(*) FROM pitstop_history WHERE state = 'COMPLETED'",
                Number.class).intValue()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anEditedAppliedFileExitsTwoWithBothChecksumsAndChangesNothing(DatabaseKind kind, TestDatabases dbs,
                                                                      @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        copySample(dir);
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of());
        String[] target = {"--url", db.jdbcUrl(), "--user", db.user(), "--locations", dir.toString()};
        assertThat(pitstop.run(concat(target, "migrate")).exitCode()).isZero();
        String applied = db.queryForObject("SELECT checksum FROM pitstop_history WHERE version = '2'", String.class);
        Files.writeString(dir.resolve("V2__index_orders_customer.sql"), "CREATE INDEX orders_customer_idx ON orders (customer_id, id);\n");
        Files.writeString(dir.resolve("V4__add_orders_tag.sql"), "ALTER TABLE orders ADD COLUMN tag VARCHAR(10);\n");

        PitstopProcess.Result edited = pitstop.run(concat(target, "migrate"));

        assertThat(edited.exitCode()).as(edited.toString()).isEqualTo(2);
        assertThat(edited.err()).contains("V2__index_orders_customer.sql", applied).containsPattern("file now [0-9a-f]{64}");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementThatDoesNotParseExitsTwoWithFileAndLineAndWritesNoHistory(DatabaseKind kind, TestDatabases dbs,
                                                                            @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        copySample(dir);
        Files.writeString(dir.resolve("V4__broken.sql"), "-- fine\nALTER TABLE orders ADD COLUMN a INT;\nALTER TABEL orders ADD COLUMN b INT;\n");

        PitstopProcess.Result broken = new PitstopProcess(dir, Map.of())
                .run("migrate", "--url", db.jdbcUrl(), "--user", db.user(), "--locations", dir.toString());

        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
        assertThat(broken.err()).contains("V4__broken.sql:3");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'pitstop_history'"
                + " AND table_schema = " + (kind == DatabaseKind.POSTGRES ? "current_schema()" : "DATABASE()"),
                Number.class).intValue()).as("no history written").isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoProcessesStartedTogetherBothWaitForTheLockThenOneAppliesAndTheOtherFindsNothing(DatabaseKind kind,
            TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        for (int v = 1; v <= 10; v++) {
            Files.writeString(dir.resolve("V" + v + "__table_" + v + ".sql"), "CREATE TABLE t" + v
                    + " (id INT PRIMARY KEY, v INT);\nCREATE INDEX t" + v + "_v ON t" + v + " (v);\n");
        }
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of("PITSTOP_URL", db.jdbcUrl(), "PITSTOP_USER", db.user(),
                "PITSTOP_LOCATIONS", dir.toString()));
        PitstopProcess.Result a;
        PitstopProcess.Result b;
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            st.execute(kind == DatabaseKind.POSTGRES
                    ? "SELECT pg_advisory_lock(" + 0x50495453 + ", " + (("pitstop:public").hashCode() & 0x7fffffff) + ")"
                    : "SELECT GET_LOCK('pitstop:" + db.name() + "', 0)");
            Process first = pitstop.start("migrate");
            Process second = pitstop.start("migrate");
            awaitBothWaiting(pitstop, first, second);
            holder.close();
            a = pitstop.finish(first);
            b = pitstop.finish(second);
        }

        assertThat(a.exitCode()).as(a.toString()).isZero();
        assertThat(b.exitCode()).as(b.toString()).isZero();
        assertThat(a.err()).contains("waiting for the migration lock");
        assertThat(b.err()).contains("waiting for the migration lock");
        assertThat(a.out() + b.out()).contains("up to date").contains("V10");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(10);
        assertThat(db.queryForObject("SELECT COUNT(DISTINCT version) FROM pitstop_history WHERE state = 'COMPLETED'",
                Number.class).intValue()).isEqualTo(10);
    }

    private static void awaitBothWaiting(PitstopProcess pitstop, Process first, Process second) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (pitstop.stderrSoFar(first).contains("waiting for the migration lock")
                    && pitstop.stderrSoFar(second).contains("waiting for the migration lock")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("both processes should report that they wait for the lock within 30 s");
    }

    @Test
    void aWrongPasswordExitsTwoAndIsNeverPrinted(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.mysql();
        String secret = "not-the-password-" + System.nanoTime();
        PitstopProcess.Result wrong = new PitstopProcess(dir, Map.of())
                .run("status", "--url", db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "password=" + secret,
                        "--user", "pitstop_nobody", "--password", secret, "--locations", dir.toString());

        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(2);
        assertThat(wrong.err()).contains("cannot connect", "pitstop_nobody", "password=***");
        assertThat(wrong.all()).doesNotContain(secret);
    }

    @Test
    void helpAndVersionExitZeroAndUnknownOptionsExitTwo(@TempDir Path dir) throws Exception {
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of());
        PitstopProcess.Result help = pitstop.run("--help");
        PitstopProcess.Result migrateHelp = pitstop.run("migrate", "--help");
        PitstopProcess.Result version = pitstop.run("--version");
        PitstopProcess.Result bad = pitstop.run("migrate", "--no-such-option");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("plan", "migrate", "contract", "status", "baseline", "--url");
        assertThat(migrateHelp.exitCode()).isZero();
        assertThat(migrateHelp.out()).contains("--locations");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("pitstop ");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    private static void copySample(Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(SAMPLE.resolve("db/migration"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
