package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.Pitstop;
import dev.pitstop.StatusResult;
import dev.pitstop.event.MigrationEvent;
import dev.pitstop.event.MigrationEvent.ChunkProgress;
import dev.pitstop.event.MigrationEvent.CutOverAttempt;
import dev.pitstop.event.MigrationEvent.MigrationFinished;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Live progress on both dialects: the listener registered through the builder sees every chunk of an
 * online copy and of a chunked UPDATE, in order, then the cut-over and the finish; {@code status} on another
 * connection shows a copy that is running.
 */
@WithDatabases
class ProgressIT {
    private static final int ROWS = 60_000;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theListenerSeesMonotonicProgressOfEveryChunkThenTheCutOverAndTheFinish(DatabaseKind kind, TestDatabases dbs,
                                                                               @TempDir Path dir) {
        TestDatabase db = ordersWithRows(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen_qty.sql", widenQty(kind) + "UPDATE orders SET note = 'x' WHERE qty < 10;\n");
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();

        files.configure(db).chunkTime(Duration.ofMillis(20)).listener(events::add).load().migrate();

        List<ChunkProgress> copy = events.stream().filter(e -> e instanceof ChunkProgress c && c.operation().equals("copy"))
                .map(ChunkProgress.class::cast).toList();
        assertThat(copy).hasSizeGreaterThan(3);
        for (int i = 1; i < copy.size(); i++) {
            assertThat(copy.get(i).rowsDone()).as("rows done at chunk %d", i).isGreaterThanOrEqualTo(copy.get(i - 1).rowsDone());
            assertThat(copy.get(i).elapsed()).isGreaterThanOrEqualTo(copy.get(i - 1).elapsed());
        }
        ChunkProgress last = copy.get(copy.size() - 1);
        assertThat(last.rowsDone()).isEqualTo(ROWS);
        assertThat(last.table()).isEqualTo("orders");
        assertThat(last.percent()).isGreaterThan(80.0);
        assertThat(copy.get(copy.size() / 2).rowsEstimated()).isGreaterThan(ROWS / 2);
        assertThat(copy.get(copy.size() / 2).rowsPerSecond()).isPositive();
        // the ETA waits for the chunk size to settle: on a fast server that may be late in a copy this small
        assertThat(copy).anySatisfy(c -> assertThat(c.eta()).isNotNull());
        assertThat(copy).allSatisfy(c -> assertThat(c.stepNo()).isEqualTo(1));
        List<ChunkProgress> update = events.stream().filter(e -> e instanceof ChunkProgress c && c.operation().equals("update"))
                .map(ChunkProgress.class::cast).toList();
        assertThat(update).isNotEmpty();
        assertThat(update.get(update.size() - 1).rowsDone()).isEqualTo(ROWS);
        assertThat(update).allSatisfy(c -> assertThat(c.stepNo()).isEqualTo(2));
        assertThat(events).filteredOn(e -> e instanceof CutOverAttempt c && c.succeeded() && c.table().equals("orders"))
                .hasSize(1);
        assertThat(events.get(0)).isInstanceOf(MigrationEvent.MigrationStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(MigrationFinished.class,
                f -> assertThat(f.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.BACKFILL)
                .hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.StepFinished).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void statusOnAnotherConnectionShowsTheProgressOfARunningCopy(DatabaseKind kind, TestDatabases dbs,
                                                                @TempDir Path dir) throws Exception {
        TestDatabase db = ordersWithRows(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen_qty.sql", widenQty(kind));
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        AtomicInteger measured = new AtomicInteger();
        Pitstop running = files.configure(db).chunkTime(Duration.ofMillis(20)).listener(e -> {
            // a chunk stores the reading of the chunk before it: wait for the second one with an ETA (the chunk
            // size has settled)
            if (e instanceof ChunkProgress c && c.eta() != null && c.rowsDone() >= ROWS / 10
                    && measured.incrementAndGet() == 2) {
                copying.countDown();
                try {
                    // holds the copy between two chunks until the test has looked, at most 30 s
                    looked.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }).load();

        CompletableFuture<?> migrate = CompletableFuture.runAsync(running::migrate);
        try {
            assertThat(copying.await(60, TimeUnit.SECONDS)).as("the copy reached a tenth with a rate").isTrue();
            StatusResult status = files.pitstop(db).status();

            assertThat(status.migrations()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.RUNNING));
            assertThat(status.progress()).singleElement().satisfies(p -> {
                assertThat(p.version()).isEqualTo("1");
                assertThat(p.stepNo()).isEqualTo(1);
                assertThat(p.state()).isEqualTo("RUNNING");
                // stored at most a second or a twentieth of the table after the copy got there, and one chunk behind
                assertThat(p.rowsDone()).isBetween((long) ROWS / 50, (long) ROWS - 1);
                assertThat(p.rowsEstimated()).isGreaterThan(ROWS / 2);
                assertThat(p.rowsPerSecond()).isPositive();
                assertThat(p.updatedAt()).isNotNull();
            });
        } finally {
            looked.countDown();
            migrate.get(120, TimeUnit.SECONDS);
        }
        StatusResult after = files.pitstop(db).status();
        assertThat(after.migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(after.progress()).as("status shows progress only while a migration runs or stopped").isEmpty();
    }

    static TestDatabase ordersWithRows(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(40))");
        if (kind == DatabaseKind.POSTGRES) {
            db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g FROM generate_series(1, " + ROWS + ") g",
                    "ANALYZE orders");
        } else {
            db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq) FROM " + db.numbers(ROWS),
                    "ANALYZE TABLE orders");
        }
        return db;
    }

    static String widenQty(DatabaseKind kind) {
        return kind == DatabaseKind.POSTGRES ? "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n"
                : "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n";
    }
}
