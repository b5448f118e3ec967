package dev.pitstop.cli.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.AppliedMigration;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.AutoSave;

/**
 * {@code pitstop demo}, stage by stage: start an embedded PostgreSQL, load the sample table, run the
 * old application version, migrate through the Pitstop library, run the new version beside the old
 * one, stop the old one, contract, stop everything. Prints one line per stage and returns the numbers.
 * The server is stopped and its directory deleted however the run ends.
 */
public final class DemoRun {

    private static final String VERSION = "2";
    private static final int OLD_THREADS = 4;
    private static final int NEW_THREADS = 2;
    private static final String REBUILD = "rebuild-table";
    private static final String RENAME = "rename-column";

    private final DemoOptions options;
    private final PrintWriter out;
    private final StageClock clock = new StageClock();
    private String next = "'start PostgreSQL'";

    public DemoRun(DemoOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs every stage. A failure of the demo's own SQL is a {@link PitstopException} naming the stage; Pitstop's
     * own failures come through as they are.
     */
    public DemoReport run() throws InterruptedException {
        out.printf(Locale.ROOT, "pitstop demo: migrating a %,d-row table online while the application writes to it%n",
                options.rows());
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            say("started PostgreSQL %s (embedded, from the jar) on 127.0.0.1:%d", serverVersion(server), server.port());
            end("start PostgreSQL");
            SampleSchema.load(server.dataSource(), options.rows());
            say("created table orders and loaded %,d rows (generate_series, one statement)", options.rows());
            end("load the sample table");
            try (HikariDataSource pool = pool(server)) {
                return migrateUnderLoad(server, pool);
            } catch (RuntimeException | SQLException e) {
                if (server.interrupted()) {
                    throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the demo was interrupted in " + next
                            + "; its PostgreSQL is stopped and its directory deleted", e);
                }
                throw e;
            } finally {
                if (!server.interrupted()) {
                    say("stopping PostgreSQL and deleting its directory");
                }
            }
        } catch (SQLException e) {
            throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the demo failed in " + next + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + "). The embedded server is stopped and its directory deleted; "
                    + "run the demo again with --verbose, or with fewer --rows.", e);
        } finally {
            out.flush();
        }
    }

    private DemoReport migrateUnderLoad(EmbeddedPostgresServer server, DataSource pool)
            throws SQLException, InterruptedException {
        DataSource apps = applicationDataSource(server);
        Workload oldApp = new Workload(AppVersion.OLD, apps, OLD_THREADS, options.oldRate(), options.rows());
        Workload newApp = new Workload(AppVersion.NEW, apps, NEW_THREADS, options.newRate(), options.rows());
        try {
            oldApp.start();
            say("old app version running: %d threads, %d tx/s of inserts, updates, deletes and reads; it knows note "
                    + "and amount_cents integer", OLD_THREADS, options.oldRate());
            say("  (both versions connect with pgjdbc autosave=conservative, so a prepared SELECT of amount_cents is "
                    + "planned again after the type change instead of failing)");
            long baselineStart = System.nanoTime();
            Thread.sleep(options.window().toMillis());
            end("old version alone (baseline)");

            Pitstop pitstop = Pitstop.configure().dataSource(pool)
                    .locations(SampleSchema.writeMigration(server.directory().resolve("migration")).toString()).load();
            say("migrate %s: amount_cents integer to bigint (online rebuild), rename note to customer_note",
                    SampleSchema.MIGRATION_FILE);
            long migrationStart = System.nanoTime();
            for (AppliedMigration m : pitstop.migrate().applied()) {
                say("  V%s %s: %s, %d step(s)", m.version(), m.description(), m.state(), m.steps());
            }
            long migrated = System.nanoTime();
            StepTimeline timeline = StepTimeline.read(pool, VERSION);
            recordSteps(timeline, migrationStart, migrated);

            newApp.start();
            say("new app version running beside the old one: %d threads, %d tx/s; it knows customer_note and "
                    + "amount_cents bigint", NEW_THREADS, options.newRate());
            Thread.sleep(options.window().toMillis());
            end("both versions live");

            Workload.Counts oldCounts = oldApp.stop();
            say("old app version stopped after %,d transactions, %d errors", oldCounts.transactions(), oldCounts.errors());
            for (AppliedMigration m : pitstop.contract().contracted()) {
                say("contract V%s: %s (note, the old table and the triggers dropped)", m.version(), m.state());
            }
            end("contract");
            long migrationEnd = System.nanoTime();
            say("%s", SampleSchema.describe(pool));
            Workload.Counts newCounts = newApp.stop();
            say("new app version stopped after %,d transactions, %d errors", newCounts.transactions(), newCounts.errors());

            LatencySummary during = LatencyLog.window(migrationStart, migrationEnd, oldApp.log(), newApp.log());
            String stallAt = String.format(Locale.ROOT, "at %.1f s, %s", clock.secondsAt(during.maxStartedNanos()),
                    clock.stageAt(during.maxStartedNanos()));
            return new DemoReport(timeline.rows(REBUILD), timeline.backfillTime(REBUILD), timeline.rows(RENAME),
                    timeline.backfillTime(RENAME), oldCounts, newCounts,
                    LatencyLog.window(baselineStart, migrationStart, oldApp.log()), during, stallAt, clock.durations());
        } finally {
            oldApp.stop();
            newApp.stop();
        }
    }

    /**
     * Puts each step's expand and backfill on the demo's clock: Pitstop's tables give their ends on the server's
     * clock, anchored here at the instant {@code migrate} returned; what came before the first step is the
     * checker, the migration lock and the history.
     */
    private void recordSteps(StepTimeline timeline, long migrationStart, long migrated) {
        if (timeline.entries().isEmpty()) {
            clock.add("migrate", migrationStart, migrated);
            return;
        }
        java.time.Instant last = timeline.entries().get(timeline.entries().size() - 1).endedAt();
        long previousEnd = -1;
        for (StepTimeline.Entry e : timeline.entries()) {
            long end = migrated - Duration.between(e.endedAt(), last).toNanos();
            long start = end - e.took().toNanos();
            if (previousEnd < 0) {
                clock.add("migrate: checks, lock, history", migrationStart, Math.max(migrationStart, start));
            }
            String label = "migrate: step " + e.stepNo() + " " + e.kind() + ", " + e.phase().toLowerCase(Locale.ROOT);
            clock.add(label, Math.max(migrationStart, start), end);
            say("  step %d %s, %s: %.1f s%s", e.stepNo(), e.kind(), e.phase().toLowerCase(Locale.ROOT),
                    e.took().toMillis() / 1000.0, e.phase().equals("BACKFILL") && e.checkpoint() != null
                            ? String.format(Locale.ROOT, ", %,d rows", StepTimeline.rowsOf(e.checkpoint())) : "");
            previousEnd = end;
        }
        if (migrated - previousEnd > 10_000_000L) {
            clock.add("migrate: after the last step", previousEnd, migrated);
        }
    }

    /**
     * The applications' connections. {@code autosave=conservative} is what the README advises for applications
     * with server-side prepared statements: PostgreSQL refuses a cached plan whose result type changed ("cached plan
     * must not change result type") and the driver then plans the statement again instead of failing it.
     */
    private static DataSource applicationDataSource(EmbeddedPostgresServer server) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl());
        ds.setAutosave(AutoSave.CONSERVATIVE);
        return ds;
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setPoolName("pitstop-demo");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static String serverVersion(EmbeddedPostgresServer server) throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void end(String stage) {
        clock.end(stage);
        next = "the stage after '" + stage + "'";
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", clock.secondsNow(), String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
