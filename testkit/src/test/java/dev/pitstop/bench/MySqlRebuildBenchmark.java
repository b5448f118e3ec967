package dev.pitstop.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Benchmark of the MySQL/MariaDB online table rebuild beside the field (not a test: run it by hand, see
 * README). For each tool of {@code --tools} (default {@code pitstop,pt-osc,alter}) it builds the same
 * table of {@code --rows} rows and its twin in a fresh database, reads it once, measures a workload of
 * {@code --rate} transactions per second alone, then during the tool's {@code MODIFY qty BIGINT NOT NULL},
 * and prints one table with a column per tool: Pitstop (with {@code --chunk-time}), pt-online-schema-change
 * with its defaults ({@code --chunk-time 0.5}; when installed), and the plain {@code ALTER TABLE} with the
 * server's default algorithm (MariaDB copies the table and blocks writes meanwhile; the workload, which
 * sets no timeouts of its own, waits).
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl testkit exec:java -Dexec.cleanupDaemonThreads=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pitstop.bench.MySqlRebuildBenchmark -Dexec.args="--rows 1000000 --rate 200"
 * </pre>
 */
public final class MySqlRebuildBenchmark {
    private static final String DATABASE = "pitstop_bench";
    private static final String CHANGE = "MODIFY qty BIGINT NOT NULL";

    private MySqlRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String server = RebuildBenchmark.option(args, "--server", "jdbc:mysql://127.0.0.1:3306/");
        String user = RebuildBenchmark.option(args, "--user", "root");
        String password = RebuildBenchmark.option(args, "--password", "");
        int rows = Integer.parseInt(RebuildBenchmark.option(args, "--rows", "1000000"));
        int rate = Integer.parseInt(RebuildBenchmark.option(args, "--rate", "200"));
        int seconds = Integer.parseInt(RebuildBenchmark.option(args, "--baseline-seconds", "10"));
        Duration chunkTime = dev.pitstop.Durations.parse("--chunk-time",
                RebuildBenchmark.option(args, "--chunk-time", null), dev.pitstop.PitstopConfig.DEFAULT_CHUNK_TIME);
        List<String> tools = Comparison.tools(args, List.of("pitstop", "pt-osc", "alter"));
        String load = Comparison.loadAverage();
        System.out.println("load average at start: " + load);
        DataSource ds = RebuildBenchmark.dataSource(server + DATABASE, user, password);
        List<Comparison.Result> results = new ArrayList<>();
        String version = "";
        for (String tool : tools) {
            Path ptOsc = RebuildBenchmark.findOnPath("pt-online-schema-change");
            if (tool.equals("pt-osc") && ptOsc == null) {
                results.add(Comparison.Result.missing(tool,
                        "pt-online-schema-change is not on the PATH (Debian: percona-toolkit)"));
                continue;
            }
            build(server, user, password, ds, rows);
            version = RebuildBenchmark.query(ds, "SELECT VERSION()");
            Comparison.Change change = switch (tool) {
                case "pitstop" -> () -> Comparison.pitstop(ds, chunkTime, "ALTER TABLE orders " + CHANGE + ";\n");
                case "pt-osc" -> () -> ptOnlineSchemaChange(ptOsc, rows, server, user, password);
                default -> () -> plainAlter(ds);
            };
            results.add(Comparison.measure(tool, ds, rows, rate, seconds, change));
        }
        Comparison.print(String.format("%s, %,d rows, %d tx/s, pitstop chunk time %d ms, %d cores, load average %s "
                        + "at start, %s at end", version, rows, rate, chunkTime.toMillis(),
                Runtime.getRuntime().availableProcessors(), load, Comparison.loadAverage()), rows, results);
        try (Connection admin = DriverManager.getConnection(server, user, password); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    /**
     * A fresh database with the table and its twin, built the same way for every tool, then read once so
     * each tool starts with as much of it in the buffer pool as fits.
     */
    private static void build(String server, String user, String password, DataSource ds, int rows) throws Exception {
        try (Connection admin = DriverManager.getConnection(server, user, password); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        System.out.printf("building %,d rows and their twin...%n", rows);
        RebuildBenchmark.execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, "
                        + "total_cents BIGINT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE orders_twin LIKE orders",
                "INSERT INTO orders SELECT seq, seq % 1000, CONCAT('note ', seq), seq * 7 FROM seq_1_to_" + rows,
                "INSERT INTO orders_twin SELECT * FROM orders", "ANALYZE TABLE orders, orders_twin");
        RebuildBenchmark.query(ds, "SELECT COUNT(*) + SUM(qty) + SUM(LENGTH(note)) FROM orders FORCE INDEX (PRIMARY)");
        flushDirtyPages(ds);
    }

    /**
     * Writes the load's pages out before the tool starts, as they would be in a table in service: left dirty, the
     * buffer pool made whichever tool came next evict them page by page while copying, and its copy rate swung by
     * a third from run to run (the same scripted copy of 1,000,000 rows took from 2.3 to 4.5 s depending on what
     * the pool still had to write). Waits at most 60 s; a user who may not set the global goes on without.
     */
    private static void flushDirtyPages(DataSource ds) throws Exception {
        String pct = RebuildBenchmark.query(ds, "SELECT @@GLOBAL.innodb_max_dirty_pages_pct");
        try {
            RebuildBenchmark.execute(ds, "SET GLOBAL innodb_max_dirty_pages_pct = 0");
        } catch (java.sql.SQLException e) {
            System.out.println("not waiting for the load's pages to be written out: " + e.getMessage());
            return;
        }
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && Long.parseLong(RebuildBenchmark.query(ds, "SELECT variable_value FROM "
                    + "information_schema.global_status WHERE variable_name = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")) > 100) {
                Thread.sleep(200);
            }
        } finally {
            RebuildBenchmark.execute(ds, "SET GLOBAL innodb_max_dirty_pages_pct = " + pct);
        }
    }

    /** pt-online-schema-change with its defaults; its copy is timed from its "Copying" line to "Copied rows OK". */
    private static Comparison.Copy ptOnlineSchemaChange(Path tool, int rows, String server, String user,
                                                        String password) throws Exception {
        String host = server.replaceFirst("^jdbc:mysql://([^:/]+).*$", "$1");
        String port = server.replaceFirst("^jdbc:mysql://[^:/]+:?(\\d*).*$", "$1");
        String dsn = "h=" + host + (port.isEmpty() ? "" : ",P=" + port) + ",u=" + user
                + (password.isEmpty() ? "" : ",p=" + password) + ",D=" + DATABASE + ",t=orders";
        return ExternalTool.run("pt-osc", List.of(tool.toString(), "--alter", CHANGE, "--execute",
                        "--recursion-method", "none", "--no-check-unique-key-change", dsn),
                Pattern.compile("Copying approximately"), Pattern.compile("Copied rows OK"), line -> true).copy(rows);
    }

    /**
     * The plain ALTER TABLE, algorithm and lock left to the server. The rows it reports as affected tell a
     * copying ALTER (every row) from one done in place (none).
     */
    private static Comparison.Copy plainAlter(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            int affected = st.executeUpdate("ALTER TABLE orders " + CHANGE);
            System.out.printf("alter: %,d rows affected (%s)%n", affected, affected > 0 ? "copied" : "in place");
        }
        return Comparison.Copy.WHOLE_RUN;
    }
}
