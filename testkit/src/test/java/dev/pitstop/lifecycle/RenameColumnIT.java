package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RENAME COLUMN while the old version writes the old name and the new version the new one: both names
 * stay equal in both directions until contract, and every row holds its last write.
 */
@WithDatabases
class RenameColumnIT {
    static final String SCHEMA = "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL DEFAULT 'anon', "
            + "age INT);\n";
    static final String RENAME = "ALTER TABLE people RENAME COLUMN name TO full_name;\n";

    /** The old version: INSERTs name (and age), reads name. */
    static final LifecycleHarness.App OLD = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO people (id, name, age) VALUES (?, ?, ?)", id, value, id % 90);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE people SET name = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            return rows(c, "SELECT id, name FROM people");
        }
    };

    /** The new version: INSERTs full_name only (age left out), reads full_name. */
    static final LifecycleHarness.App NEW = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO people (id, full_name) VALUES (?, ?)", id, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE people SET full_name = ? WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            return rows(c, "SELECT id, full_name FROM people");
        }
    };

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void lifecycle(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), OLD, NEW).run(SCHEMA, RENAME, 300, MigrationState.EXPANDED, () -> {
            assertThat(Schema.columns(db, "people")).contains("full_name").doesNotContain("name");
            // the default moved with the name; NOT NULL too where the server allows it online
            db.execute("INSERT INTO people (id) VALUES (-1)");
            assertThat(db.queryForObject("SELECT full_name FROM people WHERE id = -1", String.class)).isEqualTo("anon");
            if (kind == DatabaseKind.POSTGRES) {
                assertThatThrownBy(() -> db.execute("INSERT INTO people (id, full_name) VALUES (-2, NULL)"))
                        .hasMessageContaining("null value");
            }
            assertThat(db.queryForList("SELECT 1 FROM " + (kind == DatabaseKind.POSTGRES
                    ? "pg_trigger WHERE tgname LIKE '%pitstop%'" : "information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name LIKE '%pitstop%'")))
                    .as("sync triggers after contract").isEmpty();
        });
    }

    /** Both versions write the same rows at 100+ tx/s through the whole backfill of 100,000 rows. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void bothVersionsWriteThroughTheBackfill(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__schema.sql", SCHEMA);
        Pitstop pitstop = files.configure(db).chunkTime(Duration.ofMillis(30)).load();
        pitstop.migrate();
        db.execute("INSERT INTO people (id, name, age) SELECT seq, CONCAT('seed-', seq), seq % 90 FROM "
                + db.numbers(100_000));
        files.write("V2__rename.sql", RENAME);

        ConcurrentVersions versions = new ConcurrentVersions(db, OLD, NEW, 100_000);
        versions.startOld();
        Thread newStarter = new Thread(() -> {
            // the new version starts the moment expand is done, so it writes through the whole backfill
            while (!versions.stopped() && db.queryForList("SELECT 1 FROM pitstop_steps WHERE version = '2' "
                    + "AND phase = 'EXPAND' AND state = 'DONE'").isEmpty()) {
                sleep(5);
            }
            versions.startNew();
        });
        newStarter.start();
        long started = System.nanoTime();
        pitstop.migrate();
        double seconds = (System.nanoTime() - started) / 1e9;
        newStarter.join();
        ConcurrentVersions.Result result = versions.stop();
        System.out.printf("rename under two versions on %s: %d writes (%d by the new version) in %.1f s of migrate, "
                + "longest write %d ms%n", kind, result.writes(), result.newWritesDuringMigrate(), seconds, result.longestWriteMillis());

        assertThat(result.errors()).as("application errors").isEmpty();
        assertThat(result.newWritesDuringMigrate()).as("writes of the new version during the backfill").isPositive();
        assertThat(result.writes() / seconds).as("transactions per second through the migration").isGreaterThan(100);
        try (Connection c = db.connect()) {
            Map<Integer, String> expected = result.expected();
            assertThat(OLD.read(c)).as("old name").containsAllEntriesOf(expected);
            assertThat(NEW.read(c)).as("new name").containsAllEntriesOf(expected);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM people WHERE "
                    + (kind == DatabaseKind.POSTGRES ? "name IS DISTINCT FROM full_name" : "NOT (name <=> full_name)"), Long.class))
                    .as("rows where the two names differ").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesAnIndexedColumnBeforeChangingAnything(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__schema.sql", SCHEMA + "CREATE INDEX people_name_idx ON people (name);\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        files.write("V2__rename.sql", RENAME);
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("people_name_idx", "full_name", "Nothing of step 1 ran");
        });
        assertThat(Schema.columns(db, "people")).doesNotContain("full_name");
    }

    /** A trigger names columns in its text: renaming one it uses would break every write after contract. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesAColumnAUserTriggerUses(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__schema.sql", SCHEMA);
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        if (kind == DatabaseKind.POSTGRES) {
            db.execute("CREATE FUNCTION people_trim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := trim(NEW.name); "
                    + "RETURN NEW; END $$", "CREATE TRIGGER people_trim BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION people_trim()");
        } else {
            db.execute("CREATE TRIGGER people_trim BEFORE INSERT ON people FOR EACH ROW SET NEW.name = TRIM(NEW.name)");
        }
        files.write("V2__rename.sql", RENAME);
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("trigger people_trim", "Nothing of step 1 ran"));
        assertThat(Schema.columns(db, "people")).doesNotContain("full_name");
        files.write("V2__rename.sql", "ALTER TABLE people RENAME COLUMN age TO years;\n");
        assertThat(pitstop.migrate().applied()).as("a column the trigger does not name").singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
    }

    /** The copy into the new name is Pitstop's, not a change of the row: MySQL's ON UPDATE columns keep their value. */
    @org.junit.jupiter.api.Test
    void theBackfillLeavesOnUpdateTimestampsAlone(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__schema.sql", "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100), changed TIMESTAMP NOT NULL "
                + "DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        db.execute("INSERT INTO people VALUES (1, 'a', '2001-02-03 04:05:06'), (2, 'b', '2001-02-03 04:05:06')");
        files.write("V2__rename.sql", RENAME);
        pitstop.migrate();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM people WHERE full_name = name AND changed = '2001-02-03 04:05:06'",
                Long.class)).isEqualTo(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
