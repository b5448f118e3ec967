package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pitstop check} needs no database: exit codes and output against files in a temporary folder. */
class CheckCommandTest {

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PitstopCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private static void write(Path dir, String name, String sql) throws Exception {
        Files.writeString(dir.resolve(name), sql);
    }

    @Test
    void refusalExitsWithOneAndNamesRuleFileLineAndRewrite(@TempDir Path dir) throws Exception {
        write(dir, "V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL);\n");
        write(dir, "V2__shrink.sql", "-- shrink\nALTER TABLE users ALTER COLUMN name TYPE varchar(20);\nTRUNCATE users;\n");
        Outcome o = run("check", "--dialect", "postgres", "--locations", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).contains("REFUSED  narrowing-type-change  V2__shrink.sql:2", "REFUSED  truncate  V2__shrink.sql:3",
                "safe rewrite:", "2 refused");
    }

    @Test
    void acceptedMigrationsExitWithZeroAndSayWhatPitstopDoesInstead(@TempDir Path dir) throws Exception {
        write(dir, "V1__users.sql", "CREATE TABLE users (id bigint NOT NULL, age int, PRIMARY KEY (id));\n");
        write(dir, "V2__drop.sql", "ALTER TABLE users DROP COLUMN age;\n");
        Outcome o = run("check", "--dialect", "mysql", "--locations", dir.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("INFO  drop-deferred  V2__drop.sql:1", "accepted");
    }

    @Test
    void previousQueriesDecideWhetherTheSameDropColumnIsRefusedOrAllowedInExpand(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        write(migrations, "V1__users.sql", "CREATE TABLE users (id bigint NOT NULL, age int, PRIMARY KEY (id));\n");
        write(migrations, "V2__drop.sql", "ALTER TABLE users DROP COLUMN age;\n");
        write(dir, "reads.sql", "SELECT id, age FROM users WHERE id = ?;\n");
        write(dir, "ignores.sql", "SELECT id FROM users WHERE id = ?;\nDELETE FROM users WHERE id = ?;\n");

        Outcome reads = run("check", "--dialect", "mysql", "--locations", migrations.toString(),
                "--previous-queries", dir.resolve("reads.sql").toString());
        Outcome ignores = run("check", "--dialect", "mysql", "--locations", migrations.toString(),
                "--previous-queries", dir.resolve("ignores.sql").toString());

        assertThat(reads.exitCode()).isEqualTo(1);
        assertThat(reads.out()).contains("REFUSED  previous-query-fails  V2__drop.sql:1", "reads.sql:1",
                "column users.age does not exist");
        assertThat(ignores.exitCode()).isZero();
        assertThat(ignores.out()).contains("INFO  drop-unread  V2__drop.sql:1", "allowed to run in expand", "accepted");
    }

    @Test
    void jsonCarriesEveryFinding(@TempDir Path dir) throws Exception {
        write(dir, "V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write(dir, "V2__tier.sql", "\nALTER TABLE users ADD COLUMN tier int NOT NULL;\n");
        write(dir, "V3__x.sql", "-- pitstop:allow truncate the table is a cache\nTRUNCATE users;\n");
        Outcome o = run("check", "--dialect", "postgres", "--locations", dir.toString(), "--format", "json");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).contains("\"rule\":\"add-column-not-null-without-default\"", "\"severity\":\"ALLOWED\"",
                "\"allowedBecause\":\"the table is a cache\"", "\"line\":2");
    }

    @Test
    void missingDialectIsBadUsage(@TempDir Path dir) {
        Outcome o = run("check", "--locations", dir.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--dialect");
    }
}
