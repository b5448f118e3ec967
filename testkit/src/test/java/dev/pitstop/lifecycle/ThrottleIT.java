package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.MigrationState;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The throttler on a running table copy: a signal above its max threshold holds the copy within one chunk
 * and lets it go on when it clears; a signal that cannot be read holds it too (fails closed); a signal above
 * its critical threshold stops the migration with the sync trigger dropped, and a later migrate still
 * ends with the table equal to its twin, although the workload wrote to it while no trigger ran.
 */
@WithDatabases
class ThrottleIT {
    private static final Logger LOG = LoggerFactory.getLogger(ThrottleIT.class);
    private static final int ROWS = 5_000;
    /**
     * The user's throttle query of these tests: the value in throttle_flag, but only once the copy has
     * checkpointed its first chunk, so the copy is held part-way without racing it.
     */
    static final String AFTER_FIRST_CHUNK = "SELECT CASE WHEN EXISTS (SELECT 1 FROM pitstop_steps WHERE "
            + "phase = 'BACKFILL' AND checkpoint LIKE 'rows=%' AND checkpoint NOT LIKE 'rows=0;%') "
            + "THEN (SELECT v FROM throttle_flag) ELSE 0 END";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aThrottleQueryAboveZeroHoldsTheCopyWithinOneChunkAndItGoesOnWhenItClears(DatabaseKind kind, TestDatabases dbs,
                                                                                 @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        db.execute("CREATE TABLE throttle_flag (v INT NOT NULL)", "INSERT INTO throttle_flag VALUES (1)");
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery(AFTER_FIRST_CHUNK).load());

            copy.await("the first chunk", () -> copy.rowsCopied() > 0);
            copy.assertHeld("the throttle query returns 1");
            assertThat(copy.rowsCopied()).as("rows copied: one chunk").isLessThan(ROWS);
            db.execute("INSERT INTO orders VALUES (" + (ROWS + 1) + ", 7, 'while held', 1)",
                    "INSERT INTO orders_twin VALUES (" + (ROWS + 1) + ", 7, 'while held', 1)");
            assertThat(Schema.count(db, "SELECT count(*) FROM " + copy.shadow() + " WHERE id = " + (ROWS + 1)))
                    .as("the sync trigger writes to the shadow while the copy is held").isOne();

            db.execute("UPDATE throttle_flag SET v = 0");
            assertThat(copy.finish().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        }
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aThrottleQueryThatFailsHoldsTheCopyUntilItCanBeRead(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery("SELECT v FROM missing_flag")
                    .load());

            copy.await("the shadow", () -> Schema.tableExists(db, copy.shadow()));
            copy.assertHeld("the throttle query fails");
            assertThat(copy.rowsCopied()).as("rows copied while the query fails").isZero();

            db.execute("CREATE TABLE missing_flag (v INT NOT NULL)", "INSERT INTO missing_flag VALUES (0)");
            assertThat(copy.finish().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        }
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    /**
     * Server load is driven by the test: sessions waiting for a row lock the test holds are running
     * statements on both servers (active backends, Threads_running). Replica lag is read as well: neither
     * local server is a replica or has one, so it reads 0 and never holds the copy.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void serverLoadAboveMaxLoadHoldsTheCopyUntilItDrops(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        db.execute("CREATE TABLE load_gate (id INT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO load_gate VALUES (1, 0)");
        int waiters = 12;
        List<Thread> load = new ArrayList<>();
        try (RunningCopy copy = new RunningCopy(db, files, ROWS); Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeUpdate("UPDATE load_gate SET v = v + 1 WHERE id = 1");
            }
            for (int i = 0; i < waiters; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = db.connect(); Statement st = c.createStatement()) {
                        st.executeUpdate("UPDATE load_gate SET v = v + 1 WHERE id = 1");
                    } catch (java.sql.SQLException e) {
                        LOG.warn("a load session failed: {}", e.getMessage());
                    }
                });
                t.start();
                load.add(t);
            }
            copy.await("the load sessions waiting", () -> Schema.count(db, kind == DatabaseKind.POSTGRES
                    ? "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    : "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'UPDATE load_gate%'") >= waiters);
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).maxLoad(waiters - 4)
                    .maxLag(Duration.ofSeconds(30)).load());

            copy.await("the shadow", () -> Schema.tableExists(db, copy.shadow()));
            copy.assertHeld(waiters + " sessions run statements, maxLoad " + (waiters - 4));
            assertThat(copy.rowsCopied()).isZero();

            holder.commit();
            for (Thread t : load) {
                t.join(RunningCopy.PATIENCE.toMillis());
            }
            assertThat(copy.finish().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        }
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }

    /**
     * The critical threshold stops the migration after the first chunk, with the sync trigger and the
     * shadow dropped; the workload goes on writing to the table and its twin while no trigger runs, also to
     * rows the first chunk had copied. The next migrate builds the shadow again and copies from the start:
     * the table ends equal to its twin and the workload saw no error.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aCriticalThresholdStopsWithTheSyncTriggerDroppedAndMigrateResumesWithoutLosingAWrite(DatabaseKind kind,
            TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        db.execute("CREATE TABLE throttle_flag (v INT NOT NULL)", "INSERT INTO throttle_flag VALUES (10)");
        TwinWorkload.Report report;
        try (RunningCopy copy = new RunningCopy(db, files, ROWS);
             TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 2, 80)) {
            workload.start();
            Thread.sleep(300);
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery(AFTER_FIRST_CHUNK)
                    .throttleQueryCritical(5.0).load());

            assertThatThrownBy(copy::finish).isInstanceOf(PitstopException.class)
                    .hasMessageContaining("throttle query 10 is above its critical threshold 5")
                    .hasMessageContaining("sync trigger and the shadow")
                    .hasMessageContaining("run migrate again");
            assertThat(copy.triggersOnOrders()).as("triggers on orders after the critical stop").isZero();
            assertThat(Schema.tableExists(db, copy.shadow())).isFalse();
            assertThat(copy.checkpoint()).isEqualTo("sync-dropped");
            assertThat(files.pitstop(db).status().migrations()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.FAILED));

            // the workload writes with no trigger running, then the load is gone
            Thread.sleep(1500);
            db.execute("UPDATE throttle_flag SET v = 0");
            assertThat(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery(AFTER_FIRST_CHUNK)
                    .throttleQueryCritical(5.0).load().migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(500);
            report = workload.stop();
        }
        LOG.info("workload across the critical stop and the resumed copy: {}", report);
        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.deletes() + report.keyChanges()).as("deletes and key changes").isPositive();
        assertThat(RunningCopy.differencesFromTwin(db)).as("rows that differ from the twin").isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void afterACriticalStopAbortLeavesTheTableAsItWas(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        db.execute("CREATE TABLE throttle_flag (v INT NOT NULL)", "INSERT INTO throttle_flag VALUES (10)");
        try (RunningCopy copy = new RunningCopy(db, files, ROWS)) {
            copy.start(files.configure(db).chunkTime(Duration.ofMillis(20)).throttleQuery(AFTER_FIRST_CHUNK)
                    .throttleQueryCritical(5.0).load());
            assertThatThrownBy(copy::finish).hasMessageContaining("above its critical threshold");

            assertThat(files.pitstop(db).abort().aborted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
            assertThat(copy.triggersOnOrders()).isZero();
            assertThat(Schema.tableExists(db, copy.shadow())).isFalse();
        }
        assertThat(files.pitstop(db).status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        assertThat(RunningCopy.differencesFromTwin(db)).isZero();
    }
}
