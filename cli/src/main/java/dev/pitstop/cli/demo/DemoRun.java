package dev.pitstop.cli.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.AppliedMigration;
import dev.pitstop.ContractResult;
import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    private final DemoOptions options;
    private final PrintWriter out;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long demoStarted;
    private long stageStarted;

    public DemoRun(DemoOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    public DemoReport run() throws SQLException, InterruptedException {
        out.printf(Locale.ROOT, "pitstop demo: migrating a %,d-row table online while the application writes to it%n",
                options.rows());
        begin();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            say("started PostgreSQL %s (embedded, from the jar) on 127.0.0.1:%d", serverVersion(server), server.port());
            end("start PostgreSQL");
            SampleSchema.load(server.dataSource(), options.rows());
            say("created table orders and loaded %,d rows (generate_series, one statement)", options.rows());
            end("load the sample table");
            try (HikariDataSource pool = pool(server)) {
                return migrateUnderLoad(server, pool);
            }
        } finally {
            out.flush();
        }
    }

    private DemoReport migrateUnderLoad(EmbeddedPostgresServer server, HikariDataSource pool)
            throws SQLException, InterruptedException {
        DataSource apps = applicationDataSource(server);
        Workload oldApp = new Workload(AppVersion.OLD, apps, OLD_THREADS, options.oldRate(), options.rows());
        Workload newApp = new Workload(AppVersion.NEW, apps, NEW_THREADS, options.newRate(), options.rows());
        Workload.Counts oldCounts;
        Workload.Counts newCounts;
        long baselineStart;
        long migrationStart;
        long migrationEnd;
        StepTimeline timeline;
        try {
            oldApp.start();
            say("old app version running: %d threads, %d tx/s of inserts, updates, deletes and reads; it knows note "
                    + "and amount_cents integer", OLD_THREADS, options.oldRate());
            say("  (both versions connect with pgjdbc autosave=conservative, so a prepared SELECT of amount_cents is "
                    + "planned again after the type change instead of failing)");
            baselineStart = System.nanoTime();
            Thread.sleep(options.window().toMillis());
            end("old version alone (baseline)");

            Path migrations = SampleSchema.writeMigration(server.directory().resolve("migration"));
            Pitstop pitstop = Pitstop.configure().dataSource(pool).locations(migrations.toString()).load();
            say("migrate %s: rename note to customer_note, amount_cents integer to bigint", SampleSchema.MIGRATION_FILE);
            migrationStart = System.nanoTime();
            MigrateResult migrated = pitstop.migrate();
            Duration migrateTook = Duration.ofNanos(System.nanoTime() - migrationStart);
            timeline = StepTimeline.read(pool, VERSION);
            for (AppliedMigration m : migrated.applied()) {
                say("  V%s %s: %s, %d step(s), expand %s, backfill %s", m.version(), m.description(), m.state(), m.steps(),
                        DemoReport.seconds(timeline.total("EXPAND")), DemoReport.seconds(timeline.total("BACKFILL")));
            }
            Duration steps = timeline.total("EXPAND").plus(timeline.total("BACKFILL"));
            phases.put("migrate: checks, lock, history", migrateTook.minus(steps).isNegative() ? Duration.ZERO
                    : migrateTook.minus(steps));
            phases.put("migrate: expand", timeline.total("EXPAND"));
            phases.put("migrate: backfill, cut-over included", timeline.total("BACKFILL"));
            stageStarted = System.nanoTime();

            newApp.start();
            say("new app version running beside the old one: %d threads, %d tx/s; it knows customer_note and amount_cents bigint",
                    NEW_THREADS, options.newRate());
            Thread.sleep(options.window().toMillis());
            end("both versions live");

            oldCounts = oldApp.stop();
            say("old app version stopped after %,d transactions, %d errors", oldCounts.transactions(), oldCounts.errors());
            ContractResult contracted = pitstop.contract();
            for (AppliedMigration m : contracted.contracted()) {
                say("contract V%s: %s (note, the old table and the triggers dropped)", m.version(), m.state());
            }
            end("contract");
            say("%s", SampleSchema.describe(pool));
            migrationEnd = System.nanoTime();
            newCounts = newApp.stop();
            say("new app version stopped after %,d transactions, %d errors", newCounts.transactions(), newCounts.errors());
        } finally {
            oldApp.stop();
            newApp.stop();
        }
        say("stopping PostgreSQL and deleting its directory");
        LatencySummary before = LatencyLog.window(baselineStart, migrationStart, oldApp.log());
        LatencySummary during = LatencyLog.window(migrationStart, migrationEnd, oldApp.log(), newApp.log());
        return new DemoReport(timeline.rows("rebuild-table"), timeline.backfillTime("rebuild-table"),
                timeline.rows("rename-column"), timeline.backfillTime("rename-column"), oldCounts, newCounts, before, during,
                phases);
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

    private void begin() {
        demoStarted = System.nanoTime();
        stageStarted = demoStarted;
    }

    private void end(String phase) {
        long now = System.nanoTime();
        phases.put(phase, Duration.ofNanos(now - stageStarted));
        stageStarted = now;
    }

    private void say(String format, Object... args) {
        long elapsed = System.nanoTime() - demoStarted;
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", elapsed / 1e9, String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
