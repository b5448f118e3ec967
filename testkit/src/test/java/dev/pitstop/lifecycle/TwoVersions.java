package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every step kind goes through with two application versions live (issue 5), in one fixed
 * order so that it can move onto the shared lifecycle harness: two live connections, one acting as the
 * previous version (old names and shape) and one as the new version; migrate (expand + backfill) → both
 * versions read and write in a short loop without an error → abort → the previous version works and no row
 * either wrote is lost → migrate again with the previous version writing all the while → contract → the new
 * version works.
 */
final class TwoVersions {
    private static final Logger LOG = LoggerFactory.getLogger(TwoVersions.class);
    /** Rows each version writes in the loop after migrate. */
    static final int LOOP = 20;

    /**
     * One application version: the statements it runs to write row {@code n} (ids are the scenario's business),
     * and one query it reads with.
     */
    record Version(IntFunction<List<String>> write, String read) {
        void use(Statement st, int n) throws SQLException {
            for (String sql : write.apply(n)) {
                st.execute(sql);
            }
            try (var rs = st.executeQuery(read)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    /** What the previous version's writer saw while migrate ran the second time. */
    record Writer(int writes, int errors, String firstError) {
    }

    /** Checks run after abort, given how many rows each version wrote (the old one first, from 1). */
    interface AfterAbort {
        void check(int oldRows, int newRows) throws Exception;
    }

    private final TestDatabase db;
    private final Pitstop pitstop;
    private final Version previous;
    private final Version next;

    TwoVersions(TestDatabase db, Pitstop pitstop, Version previous, Version next) {
        this.db = db;
        this.pitstop = pitstop;
        this.previous = previous;
        this.next = next;
    }

    /**
     * Runs the whole lifecycle. The previous version writes rows 1.., the new one rows 10001..; the writer during
     * the second migrate writes rows 20001...
     *
     * @param expanded the state migrate leaves (EXPANDED when the step has a contract, else COMPLETED)
     * @param afterAbort checks of the schema and rows after abort
     * @return what the previous version's writer saw during the second migrate
     */
    Writer run(MigrationState expanded, AfterAbort afterAbort) throws Exception {
        try (Connection oldApp = db.connect(); Connection newApp = db.connect();
             Statement oldSt = oldApp.createStatement(); Statement newSt = newApp.createStatement()) {
            assertThat(pitstop.migrate().applied()).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(expanded));
            for (int i = 1; i <= LOOP; i++) {
                previous.use(oldSt, i);
                next.use(newSt, 10_000 + i);
            }

            assertThat(pitstop.abort().aborted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
            previous.use(oldSt, LOOP + 1);
            afterAbort.check(LOOP + 1, LOOP);

            Writer writer = migrateWhileThePreviousVersionWrites(expanded);
            LOG.info("previous version's writes during the second migrate: {}", writer);
            assertThat(writer.errors()).as("errors of the previous version during migrate, first: %s", writer.firstError())
                    .isZero();
            assertThat(writer.writes()).as("writes during migrate").isPositive();

            if (expanded == MigrationState.EXPANDED) {
                assertThat(pitstop.contract().contracted()).singleElement()
                        .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
            }
            next.use(newSt, 10_000 + LOOP + 1);
            return writer;
        }
    }

    private Writer migrateWhileThePreviousVersionWrites(MigrationState expanded) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (int n = 20_001; !stop.get(); n++) {
                    try {
                        previous.use(st, n);
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        errors.incrementAndGet();
                        first.compareAndSet(null, e.getMessage());
                    }
                }
            } catch (SQLException e) {
                first.compareAndSet(null, e.getMessage());
                errors.incrementAndGet();
            }
        }, "previous-version-writer");
        thread.start();
        try {
            Thread.sleep(200);
            assertThat(pitstop.migrate().applied()).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(expanded));
            Thread.sleep(200);
        } finally {
            stop.set(true);
            thread.join(10_000);
        }
        return new Writer(writes.get(), errors.get(), first.get());
    }
}
