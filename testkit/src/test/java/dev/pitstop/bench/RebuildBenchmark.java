package dev.pitstop.bench;

import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TwinWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Benchmark of the PostgreSQL online table rebuild (not a test: run it by hand, see README). Builds a
 * table of {@code --rows} rows and its twin, measures a rate-limited workload alone, then during
 * {@code ALTER COLUMN qty TYPE bigint}, and prints copy speed, workload p50/p99 before and during, and
 * the longest stall; with pg_repack on the PATH it repeats the workload measurement during a pg_repack of
 * the same table for comparison.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl testkit exec:java -Dexec.cleanupDaemonThreads=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pitstop.bench.RebuildBenchmark -Dexec.args="--rows 1000000 --rate 200 --chunk-time 100ms"
 * </pre>
 */
public final class RebuildBenchmark {
    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String server = option(args, "--server", "jdbc:postgresql://127.0.0.1:5432/");
        String user = option(args, "--user", "postgres");
        String password = option(args, "--password", "");
        int rows = Integer.parseInt(option(args, "--rows", "1000000"));
        int rate = Integer.parseInt(option(args, "--rate", "200"));
        int seconds = Integer.parseInt(option(args, "--baseline-seconds", "10"));
        java.time.Duration chunkTime = dev.pitstop.Durations.parse("--chunk-time", option(args, "--chunk-time", null),
                dev.pitstop.PitstopConfig.DEFAULT_CHUNK_TIME);
        String database = "pitstop_bench";
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        }
        DataSource ds = dataSource(server + database, user, password);
        System.out.printf("building %,d rows and their twin...%n", rows);
        execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)",
                "CREATE TABLE orders_twin (LIKE orders INCLUDING ALL)",
                "INSERT INTO orders SELECT g, g % 1000, 'note ' || g, g * 7 FROM generate_series(1, " + rows + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders", "VACUUM ANALYZE orders", "VACUUM ANALYZE orders_twin");

        TwinWorkload.Report before;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(seconds * 1000L);
            before = w.stop();
        }

        Path dir = Files.createTempDirectory("pitstop-bench");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        TwinWorkload.Report during;
        long started;
        long migrated;
        double copyRate;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(2000);
            started = System.nanoTime();
            try (CopyWatch copy = new CopyWatch(ds)) {
                MigrateResult result = Pitstop.configure().dataSource(ds).locations("filesystem:" + dir)
                        .chunkTime(chunkTime).load().migrate();
                migrated = System.nanoTime();
                System.out.println("pitstop: " + result.applied());
                copyRate = copy.rowsPerSecond();
            }
            Thread.sleep(2000);
            during = w.stop();
        }
        double migrateSeconds = (migrated - started) / 1e9;
        report("pg_repack", copyRate, rows / migrateSeconds, before, during, pgRepack(ds, rows, rate, server, database, user));
        if (during.errors() > 0) {
            System.out.println("first workload error during the rebuild: " + during.firstError());
        }
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /**
     * Prints Pitstop's figures beside another tool's ("rows/s;p50;p99;max;errors", or null when that tool is
     * not installed).
     */
    static void report(String otherName, double copyRowsPerSecond, double rowsPerSecond, TwinWorkload.Report before,
                       TwinWorkload.Report during, String other) {
        String[] o = other == null ? new String[] {"not installed", "", "", "", ""} : other.split(";");
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-34s %14s %18s", "", "pitstop", otherName));
        // the other tool's run is its copy, bar creating triggers and swapping: it reports no copy time of its own
        lines.add(String.format("%-34s %,14.0f %18s", "rows/s (copy alone)", copyRowsPerSecond,
                other == null ? "" : "(its whole run)"));
        lines.add(String.format("%-34s %,14.0f %18s", "rows/s (copy, verify and cut-over)", rowsPerSecond, o[0]));
        lines.add(String.format("%-34s %14.1f %18s", "workload p50 before (ms)", before.p50(), ""));
        lines.add(String.format("%-34s %14.1f %18s", "workload p99 before (ms)", before.p99(), ""));
        lines.add(String.format("%-34s %14.1f %18s", "workload p50 during (ms)", during.p50(), o[1]));
        lines.add(String.format("%-34s %14.1f %18s", "workload p99 during (ms)", during.p99(), o[2]));
        lines.add(String.format("%-34s %14.1f %18s", "longest stall (ms)", during.max(), o[3]));
        lines.add(String.format("%-34s %14d %18s", "workload errors", during.errors(), o[4]));
        lines.add(String.format("%-34s %14.0f %18s", "workload tx/s during", during.perSecond(), ""));
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("slowest workload transaction during the rebuild started at " + during.slowestStartedAt()
                + " (UTC); the log's timestamps show which stage ran then");
    }

    /** pg_repack of the same table under the same workload: "rows/s;p50;p99;max;errors", or null when not installed. */
    private static String pgRepack(DataSource ds, int rows, int rate, String server, String database, String user)
            throws Exception {
        Path repack = findOnPath("pg_repack");
        if (repack == null) {
            return null;
        }
        execute(ds, "CREATE EXTENSION IF NOT EXISTS pg_repack");
        String host = server.replaceFirst("^jdbc:postgresql://([^:/]+).*$", "$1");
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(2000);
            long started = System.nanoTime();
            Process p = new ProcessBuilder(repack.toString(), "-h", host, "-U", user, "-d", database, "--table", "orders")
                    .inheritIO().start();
            int exit = p.waitFor();
            double secs = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000);
            TwinWorkload.Report r = w.stop();
            return String.format("%,.0f%s;%.1f;%.1f;%.1f;%d", rows / secs, exit == 0 ? "" : " (exit " + exit + ")", r.p50(),
                    r.p99(), r.max(), r.errors());
        }
    }

    static Path findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static void execute(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static DataSource dataSource(String url, String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return DriverManager.getConnection(url, props);
            }

            @Override
            public Connection getConnection(String u, String p) throws SQLException {
                return DriverManager.getConnection(url, u, p);
            }

            @Override
            public java.io.PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(java.io.PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int s) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
