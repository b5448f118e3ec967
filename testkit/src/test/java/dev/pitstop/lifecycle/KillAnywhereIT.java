package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A migration of several step kinds, its process SIGKILLed again and again at arbitrary instants, then run
 * to the end: every step happened exactly once (a non-idempotent UPDATE and an INSERT show it), and
 * contract finishes the new shape.
 */
@WithDatabases
class KillAnywhereIT {
    private static final int ROWS = 10_000;

    /** The steps of V2 as recorded: number, phase and state of each (a new chunk is no progress here). */
    private static String progress(TestDatabase db) {
        try {
            return db.queryForList("SELECT step_no, phase, state FROM pitstop_steps WHERE version = '2' "
                    + "ORDER BY step_no, phase").toString();
        } catch (RuntimeException e) {
            return "[]";
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void killedAtArbitraryInstantsItStillAppliesEveryStepExactlyOnce(DatabaseKind kind, TestDatabases dbs,
                                                                     @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                + "visits INT NOT NULL);\nCREATE TABLE plans (id INT PRIMARY KEY, label VARCHAR(20));\n");
        Duration chunkTime = Duration.ofMillis(20);
        Pitstop pitstop = files.configure(db).chunkTime(chunkTime).load();
        pitstop.migrate();
        db.execute("INSERT INTO accounts SELECT seq, CONCAT('name-', seq), 0 FROM " + db.numbers(ROWS));
        files.write("V2__many.sql", "ALTER TABLE accounts ADD COLUMN tier INT NOT NULL DEFAULT 0;\n"
                + "ALTER TABLE accounts RENAME COLUMN name TO display_name;\n"
                + "UPDATE accounts SET visits = visits + 1, tier = 1 WHERE id % 2 = 0;\n"
                + "CREATE INDEX accounts_tier_idx ON accounts (tier);\n"
                + "INSERT INTO plans (id, label) VALUES (1, 'basic'), (2, 'pro');\n"
                + "DELETE FROM accounts WHERE id > " + (ROWS - 100) + ";\n");

        Random random = new Random(kind.ordinal() * 31L + 7);
        List<String> kills = new ArrayList<>();
        for (int attempt = 0; attempt < 12; attempt++) {
            String before = progress(db);
            Process child = MigrateProcess.start(db, dir, chunkTime);
            // each kill lands a little after the run made progress, so the kills spread over the whole migration
            while (child.isAlive() && progress(db).equals(before)) {
                Thread.sleep(5);
            }
            if (child.waitFor(random.nextInt(250), TimeUnit.MILLISECONDS)) {
                kills.add("finished on its own (exit " + child.exitValue() + ")");
                break;
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<java.util.Map<String, Object>> last = db.queryForList("SELECT step_no, phase, state FROM pitstop_steps "
                    + "WHERE version = '2' ORDER BY updated_at DESC, step_no DESC LIMIT 1");
            kills.add("killed at " + (last.isEmpty() ? "start" : last.get(0).values()));
        }
        System.out.printf("kill anywhere on %s: %s%n", kind, kills);

        assertThat(pitstop.migrate().applied()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(pitstop.status().migrations()).anySatisfy(m -> {
            assertThat(m.version()).isEqualTo("2");
            assertThat(m.state()).isEqualTo(MigrationState.EXPANDED);
        });
        assertThat(db.queryForObject("SELECT COUNT(*) FROM accounts", Long.class)).isEqualTo(ROWS - 100L);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM accounts WHERE visits <> 1 - id % 2 "
                + "OR tier <> 1 - id % 2", Long.class)).as("rows the UPDATE did not change exactly once").isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM plans", Long.class)).as("rows the INSERT wrote").isEqualTo(2);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM accounts WHERE display_name <> name", Long.class)).isZero();
        assertThat(Schema.indexExists(db, "accounts", "accounts_tier_idx")).isTrue();

        assertThat(pitstop.contract().contracted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        assertThat(Schema.columns(db, "accounts")).contains("display_name", "tier").doesNotContain("name");
        assertThat(db.queryForObject("SELECT COUNT(*) FROM accounts WHERE display_name = CONCAT('name-', id)", Long.class))
                .isEqualTo(ROWS - 100L);
    }
}
