package dev.pitstop.bench;

import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TwinWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Benchmark of the MySQL/MariaDB online table rebuild beside pt-online-schema-change (not a test: run it
 * by hand, see README). Builds a table of {@code --rows} rows and its twin, measures a rate-limited
 * workload alone, then during Pitstop's {@code MODIFY qty BIGINT NOT NULL}, then (with
 * pt-online-schema-change on the PATH) during pt-osc's rebuild of the same table with its defaults
 * ({@code --chunk-time 0.5}), and prints rows/s, workload p50/p99, the longest stall and errors for each.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl testkit exec:java -Dexec.cleanupDaemonThreads=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pitstop.bench.MySqlRebuildBenchmark -Dexec.args="--rows 1000000 --rate 200"
 * </pre>
 */
public final class MySqlRebuildBenchmark {
    private MySqlRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String server = RebuildBenchmark.option(args, "--server", "jdbc:mysql://127.0.0.1:3306/");
        String user = RebuildBenchmark.option(args, "--user", "root");
        String password = RebuildBenchmark.option(args, "--password", "");
        int rows = Integer.parseInt(RebuildBenchmark.option(args, "--rows", "1000000"));
        int rate = Integer.parseInt(RebuildBenchmark.option(args, "--rate", "200"));
        int seconds = Integer.parseInt(RebuildBenchmark.option(args, "--baseline-seconds", "10"));
        java.time.Duration chunkTime = dev.pitstop.Durations.parse("--chunk-time",
                RebuildBenchmark.option(args, "--chunk-time", null), dev.pitstop.PitstopConfig.DEFAULT_CHUNK_TIME);
        String database = "pitstop_bench";
        try (Connection admin = DriverManager.getConnection(server, user, password); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        }
        DataSource ds = RebuildBenchmark.dataSource(server + database, user, password);
        System.out.printf("building %,d rows and their twin...%n", rows);
        RebuildBenchmark.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, "
                        + "total_cents BIGINT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE orders_twin LIKE orders",
                "INSERT INTO orders SELECT seq, seq % 1000, CONCAT('note ', seq), seq * 7 FROM seq_1_to_" + rows,
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE TABLE orders, orders_twin");

        TwinWorkload.Report before;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(seconds * 1000L);
            before = w.stop();
        }

        Path dir = Files.createTempDirectory("pitstop-bench");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        TwinWorkload.Report during;
        long started;
        long migrated;
        Pitstop pitstop = Pitstop.configure().dataSource(ds).locations("filesystem:" + dir).chunkTime(chunkTime).load();
        warm(ds);
        double copyRate;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(2000);
            started = System.nanoTime();
            try (CopyWatch copy = new CopyWatch(ds)) {
                MigrateResult result = pitstop.migrate();
                migrated = System.nanoTime();
                System.out.println("pitstop: " + result.applied());
                copyRate = copy.rowsPerSecond();
            }
            Thread.sleep(2000);
            during = w.stop();
        }
        pitstop.contract();
        RebuildBenchmark.report("pt-online-schema-change", copyRate, rows / ((migrated - started) / 1e9), before, during,
                ptOnlineSchemaChange(ds, rows, rate, server, database, user, password));
        if (during.errors() > 0) {
            System.out.println("first workload error during the rebuild: " + during.firstError());
        }
        try (Connection admin = DriverManager.getConnection(server, user, password); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    /**
     * Reads the whole table before each tool runs, so both start with as much of it in the buffer pool as
     * fits: pt-online-schema-change runs second, on the table Pitstop has just written, which would
     * otherwise be warmer than the one Pitstop started from.
     */
    private static void warm(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeQuery("SELECT COUNT(*), SUM(qty), SUM(LENGTH(note)) FROM orders FORCE INDEX (PRIMARY)").close();
        }
    }

    /** pt-online-schema-change rebuilding the same table under the same workload, or null when not installed. */
    private static String ptOnlineSchemaChange(DataSource ds, int rows, int rate, String server, String database,
                                               String user, String password) throws Exception {
        Path tool = RebuildBenchmark.findOnPath("pt-online-schema-change");
        if (tool == null) {
            return null;
        }
        String host = server.replaceFirst("^jdbc:mysql://([^:/]+).*$", "$1");
        String port = server.replaceFirst("^jdbc:mysql://[^:/]+:?(\\d*).*$", "$1");
        String dsn = "h=" + host + (port.isEmpty() ? "" : ",P=" + port) + ",u=" + user
                + (password.isEmpty() ? "" : ",p=" + password) + ",D=" + database + ",t=orders";
        warm(ds);
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(2000);
            long started = System.nanoTime();
            Process p = new ProcessBuilder(tool.toString(), "--alter", "MODIFY qty INT NOT NULL", "--execute",
                    "--recursion-method", "none", "--no-check-unique-key-change", dsn).inheritIO().start();
            int exit = p.waitFor();
            double secs = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000);
            TwinWorkload.Report r = w.stop();
            return String.format("%,.0f%s;%.1f;%.1f;%.1f;%d", rows / secs, exit == 0 ? "" : " (exit " + exit + ")", r.p50(),
                    r.p99(), r.max(), r.errors());
        }
    }
}
