package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The lifecycle every step kind goes through while two application versions serve traffic (issue 5's
 * "done means"), with two live connections, one per version:
 * <ol>
 *   <li>V1 creates the schema in the old shape; the old application seeds rows;</li>
 *   <li>migrate (expand + backfill) the step under test; the step's own checks ({@link #afterExpand});</li>
 *   <li>both applications read and write in a loop, each on its own connection, without an error; then each
 *   reads every row's last value;</li>
 *   <li>abort: the old application works, and every row and value written by either version is there; the
 *   step's own checks ({@link #afterAbort}). Skipped for a change with nothing to contract: it is complete
 *   after migrate (a step that completes at once can share its migration with a {@code DROP INDEX}, which
 *   waits for contract, to be aborted);</li>
 *   <li>migrate again while the old application writes (the backfill runs under that workload), then the new
 *   one joins; the new one reads every row's last value;</li>
 *   <li>contract: the new application works and sees every row with its last value.</li>
 * </ol>
 * Writes to one row are serialized by a lock in the harness, so "the last write" of every row is known
 * whichever version made it; each version reads the value through its own names. Rows the scenario writes
 * itself (in V1, or in its checks) need ids outside 1.. (zero or negative), and the versions' reads leave them out.
 */
final class LifecycleHarness {

    /** How one application version writes and reads the row values the harness tracks. */
    interface App {
        void insert(Connection c, int id, String value) throws SQLException;

        void update(Connection c, int id, String value) throws SQLException;

        /** Every row's value as this version reads it. */
        Map<Integer, String> read(Connection c) throws SQLException;
    }

    /** A step's own assertions at one point of the lifecycle. */
    interface Check {
        void run() throws Exception;
    }

    private final TestDatabase db;
    private final MigrationFiles files;
    private final App oldApp;
    private final App newApp;
    private final ConcurrentVersions versions;
    private Check afterExpand = () -> { };
    private Check afterAbort = () -> { };

    LifecycleHarness(TestDatabase db, MigrationFiles files, App oldApp, App newApp) {
        this.db = db;
        this.files = files;
        this.oldApp = oldApp;
        this.newApp = newApp;
        this.versions = new ConcurrentVersions(db, oldApp, newApp, 0);
    }

    /**
     * Checks run right after the first migrate of V2, before either version writes (for a change complete at
     * migrate, which is migrated once, after that migrate, while the old version writes).
     */
    LifecycleHarness afterExpand(Check check) {
        this.afterExpand = check;
        return this;
    }

    /** Checks run after abort, once the old version has written again and every value is found. */
    LifecycleHarness afterAbort(Check check) {
        this.afterAbort = check;
        return this;
    }

    /**
     * Runs the whole lifecycle.
     *
     * @param schema V1, the old shape, with any rows or indexes the scenario needs
     * @param change V2, the step under test
     * @param seedRows rows the old application writes before V2
     * @param expandedState what migrate leaves V2 as (EXPANDED when the step has a contract phase)
     * @param afterContract extra checks on the contracted schema
     */
    void run(String schema, String change, int seedRows, MigrationState expandedState, Check afterContract)
            throws Exception {
        files.write("V1__schema.sql", schema);
        Pitstop pitstop = files.configure(db).chunkTime(Duration.ofMillis(50)).load();
        pitstop.migrate();
        try (Connection c = db.connect()) {
            for (int i = 0; i < seedRows; i++) {
                versions.insert(oldApp, c);
            }
        }
        files.write("V2__change.sql", change);

        // a change with nothing to contract is complete after migrate: abort has nothing to undo, so that round is skipped
        if (expandedState == MigrationState.EXPANDED) {
            expandAbort(pitstop);
        }

        // expand and backfill again under the old version's writes, then the new version joins
        versions.startOld();
        long before = versions.writes();
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(expandedState));
        assertThat(versions.writes()).as("writes of the old version during migrate").isGreaterThan(before);
        if (expandedState != MigrationState.EXPANDED) {
            afterExpand.run();
        }
        versions.startNew();
        Thread.sleep(500);
        ConcurrentVersions.Result result = versions.stop();
        assertThat(result.errors()).as("application errors while both versions wrote").isEmpty();
        try (Connection c = db.connect()) {
            assertThat(newApp.read(c)).as("every row and value, read by the new version before contract")
                    .isEqualTo(result.expected());
        }

        // contract: the new version alone
        if (expandedState == MigrationState.EXPANDED) {
            assertThat(pitstop.contract().contracted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        }
        versions.rounds(newApp, 30);
        assertThat(versions.errors()).as("application errors of the new version after contract").isEmpty();
        try (Connection c = db.connect()) {
            assertThat(newApp.read(c)).as("every row and value, read by the new version after contract")
                    .isEqualTo(versions.expected());
        }
        afterContract.run();
    }

    /** Expand (and backfill); both versions read and write; abort; the old version works and nothing is lost. */
    private void expandAbort(Pitstop pitstop) throws Exception {
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        afterExpand.run();
        Thread old = new Thread(() -> versions.rounds(oldApp, 200));
        old.start();
        versions.rounds(newApp, 200);
        old.join();
        assertThat(versions.errors()).as("application errors while both versions ran after expand").isEmpty();
        try (Connection c = db.connect()) {
            assertThat(oldApp.read(c)).as("every row and value, read by the old version after expand")
                    .isEqualTo(versions.expected());
            assertThat(newApp.read(c)).as("every row and value, read by the new version after expand")
                    .isEqualTo(versions.expected());
        }

        assertThat(pitstop.abort().aborted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        versions.rounds(oldApp, 30);
        assertThat(versions.errors()).as("application errors of the old version after abort").isEmpty();
        try (Connection c = db.connect()) {
            assertThat(oldApp.read(c)).as("every row and value, read by the old version after abort")
                    .isEqualTo(versions.expected());
        }
        afterAbort.run();
    }

    /** Rows by id from {@code SELECT id, <value column> FROM ...}. */
    static Map<Integer, String> rows(Connection c, String sql) throws SQLException {
        Map<Integer, String> rows = new java.util.HashMap<>();
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2));
            }
        }
        return rows;
    }

    /** Runs one statement with parameters. */
    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
