package dev.pitstop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Benchmark of the PostgreSQL online table rebuild beside the field (not a test: run it by hand, see
 * README). For each tool of {@code --tools} (default {@code pitstop,pg_repack,alter}) it builds the same
 * table of {@code --rows} rows and its twin in a fresh database, measures a workload of {@code --rate}
 * transactions per second alone, then during the tool's run, and prints one table with a column per tool:
 * Pitstop's {@code ALTER COLUMN qty TYPE bigint} (with {@code --chunk-time}), a pg_repack of the table (it
 * cannot change a type; when installed, with its extension created in the database), and the plain
 * {@code ALTER TABLE}, which rewrites the table under ACCESS EXCLUSIVE: the workload, which sets no
 * timeouts of its own, waits for the whole rewrite.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl testkit exec:java -Dexec.cleanupDaemonThreads=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pitstop.bench.RebuildBenchmark -Dexec.args="--rows 1000000 --rate 200"
 * </pre>
 */
public final class RebuildBenchmark {
    private static final String DATABASE = "pitstop_bench";

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String server = option(args, "--server", "jdbc:postgresql://127.0.0.1:5432/");
        String user = option(args, "--user", "postgres");
        String password = option(args, "--password", "");
        int rows = Integer.parseInt(option(args, "--rows", "1000000"));
        int rate = Integer.parseInt(option(args, "--rate", "200"));
        int seconds = Integer.parseInt(option(args, "--baseline-seconds", "10"));
        Duration chunkTime = dev.pitstop.Durations.parse("--chunk-time", option(args, "--chunk-time", null),
                dev.pitstop.PitstopConfig.DEFAULT_CHUNK_TIME);
        List<String> tools = Comparison.tools(args, List.of("pitstop", "pg_repack", "alter"));
        String load = Comparison.loadAverage();
        System.out.println("load average at start: " + load);
        DataSource ds = dataSource(server + DATABASE, user, password);
        List<Comparison.Result> results = new ArrayList<>();
        String version = "";
        for (String tool : tools) {
            Path repack = findOnPath("pg_repack");
            if (tool.equals("pg_repack") && repack == null) {
                results.add(Comparison.Result.missing(tool, "pg_repack is not on the PATH (Debian: postgresql-15-repack)"));
                continue;
            }
            build(server, user, password, ds, rows);
            version = query(ds, "SHOW server_version");
            Comparison.Change change = switch (tool) {
                case "pitstop" -> () -> Comparison.pitstop(ds, chunkTime, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
                case "pg_repack" -> () -> pgRepack(repack, rows, server, user);
                default -> () -> {
                    execute(ds, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint");
                    return Comparison.Copy.WHOLE_RUN;
                };
            };
            if (tool.equals("pg_repack")) {
                if (query(ds, "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_repack'").equals("0")) {
                    results.add(Comparison.Result.missing(tool, "the server has no pg_repack extension"));
                    continue;
                }
                execute(ds, "CREATE EXTENSION IF NOT EXISTS pg_repack");
            }
            results.add(Comparison.measure(tool, ds, rows, rate, seconds, change));
        }
        Comparison.print(String.format("PostgreSQL %s, %,d rows, %d tx/s, pitstop chunk time %d ms, %d cores, "
                        + "load average %s at start, %s at end", version, rows, rate, chunkTime.toMillis(),
                Runtime.getRuntime().availableProcessors(), load, Comparison.loadAverage()), rows, results);
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** A fresh database with the table and its twin, built the same way for every tool, vacuumed and read once. */
    private static void build(String server, String user, String password, DataSource ds, int rows) throws Exception {
        try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
        }
        System.out.printf("building %,d rows and their twin...%n", rows);
        execute(ds, "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)",
                "CREATE TABLE orders_twin (LIKE orders INCLUDING ALL)",
                "INSERT INTO orders SELECT g, g % 1000, 'note ' || g, g * 7 FROM generate_series(1, " + rows + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders", "VACUUM ANALYZE orders", "VACUUM ANALYZE orders_twin");
        query(ds, "SELECT count(*) + sum(qty) + sum(length(note)) FROM orders");
    }

    /**
     * pg_repack of the table (it changes no type); its copy, timed from its echoed queries, is the
     * {@code INSERT ... SELECT} into its new table and the building of that table's index, up to the
     * replay of the writes it logged meanwhile.
     */
    private static Comparison.Copy pgRepack(Path repack, int rows, String server, String user) throws Exception {
        String host = server.replaceFirst("^jdbc:postgresql://([^:/]+).*$", "$1");
        String port = server.replaceFirst("^jdbc:postgresql://[^:/]+:?(\\d*).*$", "$1");
        List<String> command = new ArrayList<>(List.of(repack.toString(), "-h", host, "-U", user, "-d", DATABASE,
                "--table", "orders", "--echo"));
        if (!port.isEmpty()) {
            command.addAll(List.of("-p", port));
        }
        return ExternalTool.run("pg_repack", command, Pattern.compile("^LOG: \\(query\\) INSERT INTO repack\\.table_"),
                Pattern.compile("^LOG: \\(query\\) SELECT repack\\.repack_apply"), line -> !line.startsWith("LOG: "))
                .copy(rows);
    }

    static String query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
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
