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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data statements run as keyset chunks in BACKFILL, one transaction each, with the checkpoint committed in
 * the chunk's own transaction: a SIGKILL part-way and a new migrate finish without redoing a chunk, while a
 * workload writes the same table.
 */
@WithDatabases
class DataChangeIT {
    private static final int ROWS = 500_000;
    private static final Pattern CHECKPOINT_ROWS = Pattern.compile("rows=(\\d+)");

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void chunkedUpdateUnderWorkloadFinishesAfterSigkillWithoutRedoingChunks(DatabaseKind kind, TestDatabases dbs,
                                                                          @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__ledger.sql", "CREATE TABLE ledger (id BIGINT PRIMARY KEY, n INT NOT NULL, note VARCHAR(50));\n");
        Duration chunkTime = Duration.ofMillis(100);
        Pitstop pitstop = files.configure(db).chunkTime(chunkTime).load();
        pitstop.migrate();
        db.execute("INSERT INTO ledger SELECT seq, 0, NULL FROM " + db.numbers(ROWS));
        // not idempotent: a chunk applied twice shows as n = 2
        files.write("V2__count.sql", "UPDATE ledger SET n = n + 1 WHERE id <= " + ROWS + ";\n");

        Workload workload = new Workload(db);
        workload.start();
        Process child = MigrateProcess.start(db, dir, chunkTime);
        long killedAt = waitForCheckpoint(db, child, ROWS / 5);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killedAt).as("rows updated when the process was killed").isBetween((long) ROWS / 5, (long) ROWS - 1);

        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        Workload.Result result = workload.stop();
        System.out.printf("chunked UPDATE of %d rows on %s: killed after %d rows; workload %d writes, longest %d ms%n", ROWS,
                kind, killedAt, result.writes(), result.longestMillis());

        assertThat(result.errors()).as("workload errors").isEmpty();
        assertThat(result.writes()).as("workload writes").isPositive();
        // a chunk holds its rows for at most one chunk statement (bounded at 250 ms here); the rest is slack for a busy machine
        assertThat(result.longestMillis()).as("longest workload write, ms").isLessThan(2_000);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM ledger WHERE id <= " + ROWS + " AND n <> 1", Long.class))
                .as("rows updated other than exactly once").isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM ledger WHERE id > " + ROWS + " AND n <> 0", Long.class))
                .as("rows the WHERE leaves out, changed").isZero();
        assertThat(checkpointRows(db)).as("rows the chunks changed, over both runs").isEqualTo(ROWS);
        try (Connection c = db.connect()) {
            assertThat(rows(c, "SELECT id, note FROM ledger WHERE note IS NOT NULL")).isEqualTo(result.notes());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void lifecycleOfAnUpdateAndADelete(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        LifecycleHarness.App app = new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO notes (id, body, flag) VALUES (?, ?, 0)", id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE notes SET body = ? WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                return rows(c, "SELECT id, body FROM notes WHERE id > 0");
            }
        };
        new LifecycleHarness(db, new MigrationFiles(dir), app, app).run(
                "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100), flag INT NOT NULL);\n"
                        + "INSERT INTO notes VALUES (-1, 'stale', 0), (-2, 'stale', 0);\n",
                "UPDATE notes SET flag = 1 WHERE id % 2 = 0;\nDELETE FROM notes WHERE id < 0;\n",
                200, MigrationState.COMPLETED, () -> {
                    assertThat(db.queryForObject("SELECT COUNT(*) FROM notes WHERE id < 0", Long.class)).isZero();
                    assertThat(db.queryForObject("SELECT COUNT(*) FROM notes WHERE flag = 1", Long.class)).isPositive();
                });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesWhatCannotRunInChunksBeforeChangingAnything(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__tables.sql", "CREATE TABLE a (id INT PRIMARY KEY, v INT);\nCREATE TABLE nokey (v INT);\n"
                + "INSERT INTO a VALUES (1, 1);\nINSERT INTO nokey VALUES (1);\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        files.write("V2__order.sql", "UPDATE a SET v = 2 ORDER BY id LIMIT 1;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("V2__order.sql:1", "ORDER BY or LIMIT", "nothing was changed");
        });
        files.write("V2__order.sql", "UPDATE a SET id = id + 10;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("primary key column id", "Nothing of step 1 ran"));
        files.write("V2__order.sql", "UPDATE nokey SET v = 2;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("nokey", "has none", "Add a primary key"));
        assertThat(db.queryForObject("SELECT v FROM a", Integer.class)).isEqualTo(1);
        assertThat(db.queryForObject("SELECT v FROM nokey", Integer.class)).isEqualTo(1);
    }

    /** Waits until the killed-to-be process has checkpointed at least {@code rows} rows; returns the rows checkpointed. */
    private static long waitForCheckpoint(TestDatabase db, Process child, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("the migrate process runs until it is killed").isTrue();
            long done = checkpointRows(db);
            if (done >= rows) {
                return done;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the migrate process did not reach " + rows + " rows in 5 minutes");
    }

    private static long checkpointRows(TestDatabase db) {
        List<Map<String, Object>> steps;
        try {
            steps = db.queryForList("SELECT checkpoint FROM pitstop_steps WHERE version = '2' AND phase = 'BACKFILL'");
        } catch (RuntimeException e) {
            return 0;
        }
        if (steps.isEmpty() || steps.get(0).get("checkpoint") == null) {
            return 0;
        }
        Matcher m = CHECKPOINT_ROWS.matcher(steps.get(0).get("checkpoint").toString());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * One writer at about 100 transactions/s: changes the note of random rows the UPDATE visits, and inserts
     * rows its WHERE leaves out. It is the only writer of notes, so every note's last value is known.
     */
    private static final class Workload {
        private final TestDatabase db;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, String> notes = new HashMap<>();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong longest = new AtomicLong();
        private Thread thread;

        record Result(List<String> errors, long writes, long longestMillis, Map<Integer, String> notes) {
        }

        Workload(TestDatabase db) {
            this.db = db;
        }

        void start() {
            thread = new Thread(this::run, "workload");
            thread.start();
        }

        Result stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            return new Result(List.copyOf(errors), writes.get(), longest.get() / 1_000_000, notes);
        }

        private void run() {
            int inserted = 0;
            try (Connection c = db.connect()) {
                for (int i = 0; !stop.get(); i++) {
                    long start = System.nanoTime();
                    try {
                        if (i % 4 == 0) {
                            int id = 1_000_000 + ++inserted;
                            exec(c, "INSERT INTO ledger (id, n, note) VALUES (?, 0, ?)", id, "new-" + id);
                            notes.put(id, "new-" + id);
                        } else {
                            int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
                            String note = "w" + i;
                            exec(c, "UPDATE ledger SET note = ? WHERE id = ?", note, id);
                            notes.put(id, note);
                        }
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        errors.add(java.time.Instant.now() + ": " + e.getMessage());
                    }
                    longest.accumulateAndGet(System.nanoTime() - start, Math::max);
                    Thread.sleep(10);
                }
            } catch (SQLException e) {
                errors.add(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
