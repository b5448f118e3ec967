package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code pitstop check --url}: the pending migrations against the live data, through the executable jar. */
@WithDatabases
class CheckCliIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void checkWithAUrlRefusesAUniqueIndexOnDuplicatesAndPassesOnceTheyAreGone(DatabaseKind kind, TestDatabases dbs,
                                                                            @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        Files.writeString(dir.resolve("V1__tags.sql"), "CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(50));\n");
        PitstopProcess pitstop = new PitstopProcess(dir, Map.of());
        String[] target = {"--url", db.jdbcUrl(), "--user", db.user(), "--locations", dir.toString()};
        assertThat(pitstop.run(concat(target, "migrate")).exitCode()).isZero();
        db.execute("INSERT INTO tags (id, label) VALUES (1, 'red'), (2, 'red'), (3, 'blue')");
        Files.writeString(dir.resolve("V2__unique_label.sql"), "CREATE UNIQUE INDEX tags_label ON tags (label);\n");

        PitstopProcess.Result refused = pitstop.run(concat(target, "check"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).contains("REFUSED  unique-on-duplicates  V2__unique_label.sql:1", "'red' in 2 rows");

        db.execute("DELETE FROM tags WHERE id = 2");
        PitstopProcess.Result accepted = pitstop.run(concat(target, "check", "--format", "json"));
        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("index-online").doesNotContain("V1__tags.sql");
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
