package dev.pitstop.lifecycle;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The control commands steer a running migration from a second Pitstop instance (as {@code pitstop pause}
 * does from another machine) through pitstop_control: pause holds the copy with the sync trigger still
 * writing until resume; a postponed cut-over waits after the copy, with the sync trigger still writing,
 * until unpostpone.
 */
@WithDatabases
class ControlIT {
    private static final int ROWS = 5_000;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pauseFromASecondInstanceHoldsARunningCopyUntilResume(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        // the throttle query holds the copy after its first chunk, so the pause meets a copy part-way
        db.execute("CREATE TABLE throttle_flag (v INT NOT NULL)", "INSERT INTO throttle_flag VALUES (1)");
        Pitstop second = files.pitstop(db);
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery(ThrottleIT.AFTER_FIRST_CHUNK)
                    .load());
            copy.await("the first chunk", () -> copy.rowsCopied() > 0);

            second.pause();
            second.chunkTime(Duration.ofMillis(30));
            assertThat(Schema.count(db, "SELECT count(*) FROM pitstop_control WHERE name = 'pause'")).isOne();
            assertThat(db.queryForObject("SELECT value FROM pitstop_control WHERE name = 'chunk_time'", String.class))
                    .isEqualTo("30ms");
            db.execute("UPDATE throttle_flag SET v = 0");
            copy.assertHeld("paused by a second instance");
            assertThat(copy.rowsCopied()).isLessThan(ROWS);
            db.execute("DELETE FROM orders WHERE id = 1", "DELETE FROM orders_twin WHERE id = 1",
                    "UPDATE orders SET qty = 4242 WHERE id = " + ROWS, "UPDATE orders_twin SET qty = 4242 WHERE id = " + ROWS);
            assertThat(Schema.count(db, "SELECT count(*) FROM " + copy.shadow() + " WHERE id = 1"))
                    .as("the sync trigger deletes from the shadow while the copy is paused").isZero();

            second.resume();
            second.chunkTime(null);
            assertThat(copy.finish().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        }
        assertThat(Schema.count(db, "SELECT count(*) FROM pitstop_control")).as("controls left set").isZero();
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    /**
     * The migration runs in a child JVM, the pause comes from this one: two processes that share nothing but the
     * database, as {@code pitstop pause} on another machine does.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void pauseFromAnotherProcessHoldsTheMigrationRunningThereUntilResume(DatabaseKind kind, TestDatabases dbs,
                                                                         @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        db.execute("CREATE TABLE throttle_flag (v INT NOT NULL)", "INSERT INTO throttle_flag VALUES (1)");
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            Process migrate = MigrateProcess.start(db, dir, Duration.ofMillis(20), ThrottleIT.AFTER_FIRST_CHUNK);
            try {
                copy.await("the first chunk in the other process", () -> copy.rowsCopied() > 0);
                Pitstop here = files.pitstop(db);
                here.pause();
                db.execute("UPDATE throttle_flag SET v = 0");
                String held = copy.checkpoint();
                Thread.sleep(1500);
                assertThat(copy.checkpoint()).as("the other process's copy while paused from here").isEqualTo(held);
                assertThat(migrate.isAlive()).as("migrate still running in the other process").isTrue();
                assertThat(copy.rowsCopied()).isLessThan(ROWS);

                here.resume();
                assertThat(migrate.waitFor(120, TimeUnit.SECONDS)).as("migrate ended").isTrue();
                assertThat(migrate.exitValue()).as("migrate's exit status in the other process").isZero();
            } finally {
                migrate.destroyForcibly();
            }
        }
        assertThat(db.queryForObject("SELECT state FROM pitstop_history WHERE version = '1'", String.class))
                .isEqualTo("EXPANDED");
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aPostponedCutOverWaitsAfterTheCopyWithTheSyncTriggerWritingUntilUnpostpone(DatabaseKind kind,
            TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        Pitstop second = files.pitstop(db);
        second.postponeCutOver();
        String old = kind == DatabaseKind.POSTGRES ? "_orders__pitstop_old" : "orders__pitstop_old";
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).load());

            copy.await("the copy to complete", () -> String.valueOf(copy.checkpoint()).contains("complete=true"));
            copy.assertHeld("the cut-over is postponed");
            assertThat(Schema.tableExists(db, copy.shadow())).as("the shadow, not swapped in").isTrue();
            assertThat(Schema.tableExists(db, old)).as("the old table, before the cut-over").isFalse();
            db.execute("INSERT INTO orders VALUES (" + (ROWS + 1) + ", 7, 'postponed', 1)",
                    "INSERT INTO orders_twin VALUES (" + (ROWS + 1) + ", 7, 'postponed', 1)",
                    "UPDATE orders SET note = 'late' WHERE id = 2", "UPDATE orders_twin SET note = 'late' WHERE id = 2");
            assertThat(Schema.count(db, "SELECT count(*) FROM " + copy.shadow() + " WHERE id = " + (ROWS + 1)
                    + " OR (id = 2 AND note = 'late')")).as("the sync trigger writes while the cut-over waits").isEqualTo(2);

            second.unpostponeCutOver();
            assertThat(copy.finish().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        }
        assertThat(Schema.tableExists(db, old)).as("the old table, kept until contract after the cut-over").isTrue();
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aChunkedDataChangeWaitsWhilePausedAndRunsOnResume(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        Pitstop second = files.pitstop(db);
        second.pause();
        try (RunningCopy run = new RunningCopy(db, files, ROWS)) {
            files.write("V1__widen_qty.sql", "UPDATE orders SET note = 'changed' WHERE id > 0;\n");
            run.start(files.configure(db).chunkTime(Duration.ofMillis(20)).load());

            run.await("the chunked update to start", () -> Schema.tableExists(db, "pitstop_steps") && Schema.count(db, "SELECT count(*) FROM pitstop_steps "
                    + "WHERE phase = 'BACKFILL' AND state = 'RUNNING'") == 1);
            run.assertHeld("paused before the first chunk of the update");
            assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE note = 'changed'")).isZero();

            second.resume();
            run.finish();
        }
        assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE note = 'changed'")).isEqualTo(ROWS);
    }

    /**
     * Controls set from several machines at the moment the table is first needed all succeed: PostgreSQL's
     * CREATE TABLE IF NOT EXISTS is not atomic, and its loser failed with "type pitstop_... already exists" (once in
     * a suite run, three instances registering at once).
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void controlsSetFromSeveralMachinesAtOnceOnAFreshDatabaseAllSucceed(DatabaseKind kind, TestDatabases dbs,
                                                                        @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        int machines = 4;
        ExecutorService pool = Executors.newFixedThreadPool(machines);
        try {
            for (int round = 0; round < 15; round++) {
                db.execute("DROP TABLE IF EXISTS pitstop_control");
                CyclicBarrier together = new CyclicBarrier(machines);
                List<Future<?>> calls = new ArrayList<>();
                for (int m = 0; m < machines; m++) {
                    Pitstop machine = files.pitstop(db);
                    calls.add(pool.submit(() -> {
                        together.await();
                        return machine.pause();
                    }));
                }
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
                assertThat(Schema.count(db, "SELECT count(*) FROM pitstop_control")).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A control whose row another session holds waits at most ddlLockTimeout, says so, and changes nothing. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aControlWhoseRowIsHeldWaitsAtMostDdlLockTimeoutAndSaysWhy(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.pitstop(db).pause();
        Pitstop impatient = files.configure(db).ddlLockTimeout(Duration.ofMillis(300)).load();
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT name FROM pitstop_control WHERE name = 'pause' FOR UPDATE").close();
            long started = System.nanoTime();
            assertThatThrownBy(impatient::resume).isInstanceOfSatisfying(PitstopException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                assertThat(e.getMessage()).contains("pause", "ddlLockTimeout (300 ms)", "Nothing was changed");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            holder.rollback();
        }
        assertThat(Schema.count(db, "SELECT count(*) FROM pitstop_control WHERE name = 'pause'")).as("still paused").isOne();
    }
}
