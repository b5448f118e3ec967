package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The lifecycle of one expand/contract migration with two application versions connected, in the order the
 * shared lifecycle harness will run it (keep the sequence as it is, so these tests can move onto it):
 * migrate (expand + backfill) → both versions read and write in a short loop without an error → abort → the
 * old version works and no row either wrote is lost → migrate again while a writer of the old version runs
 * → contract → the new version works and still no row is lost.
 *
 * <p>Each version writes rows keyed by ids this class hands out, into {@code table} (key column {@code id}).
 */
final class ConstraintVersions {
    /** One application version: a write of the row with the given id, and a read. */
    interface App {
        void write(Statement st, long id) throws SQLException;

        void read(Statement st) throws SQLException;
    }

    /** Assertions between the stages; each defaults to nothing. */
    interface Check {
        void run() throws Exception;
    }

    private final TestDatabase db;
    private final Pitstop pitstop;
    private final String table;
    private final App oldApp;
    private final App newApp;
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final List<Long> written = new ArrayList<>();
    private Check afterMigrate = () -> { };
    private Check afterAbort = () -> { };
    private Check afterContract = () -> { };

    ConstraintVersions(TestDatabase db, Pitstop pitstop, String table, App oldApp, App newApp) {
        this.db = db;
        this.pitstop = pitstop;
        this.table = table;
        this.oldApp = oldApp;
        this.newApp = newApp;
    }

    ConstraintVersions afterMigrate(Check check) {
        this.afterMigrate = check;
        return this;
    }

    ConstraintVersions afterAbort(Check check) {
        this.afterAbort = check;
        return this;
    }

    ConstraintVersions afterContract(Check check) {
        this.afterContract = check;
        return this;
    }

    void run() throws Exception {
        try (Connection oldConnection = db.connect(); Connection newConnection = db.connect();
             Statement old = oldConnection.createStatement(); Statement next = newConnection.createStatement()) {
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            afterMigrate.run();
            for (int i = 0; i < 20; i++) {
                write(oldApp, old);
                write(newApp, next);
                oldApp.read(old);
                newApp.read(next);
            }

            assertThat(pitstop.abort().aborted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
            afterAbort.run();
            write(oldApp, old);
            oldApp.read(old);
            assertNoRowLost();

            migrateWhileTheOldVersionWrites();
            assertThat(pitstop.contract().contracted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
            afterContract.run();
            write(newApp, next);
            newApp.read(next);
            assertNoRowLost();
        }
    }

    private void write(App app, Statement st) throws SQLException {
        long id = ids.incrementAndGet();
        app.write(st, id);
        synchronized (written) {
            written.add(id);
        }
    }

    private void migrateWhileTheOldVersionWrites() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    write(oldApp, st);
                    oldApp.read(st);
                    writes.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "old-version-writer");
        writer.start();
        try {
            Thread.sleep(100);
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(100);
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertThat(failure.get()).as("the old version's writes during migrate").isNull();
        assertThat(writes.get()).as("writes of the old version during migrate").isPositive();
    }

    private void assertNoRowLost() {
        String idList;
        int expected;
        synchronized (written) {
            idList = written.stream().map(String::valueOf).collect(Collectors.joining(","));
            expected = written.size();
        }
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + table + " WHERE id IN (" + idList + ")"))
                .as("rows written by either version").isEqualTo(expected);
    }
}
