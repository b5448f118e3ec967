package dev.pitstop.bench;

import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.TwinWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the two rebuild benchmarks share: the same measurement around each tool (the workload alone for a
 * while, then the workload during the tool's run, with two seconds before and after), and one table with a
 * column per tool at the end. Each tool runs on a table just built the same way, so no tool inherits
 * another's leftovers or a table another has just rewritten.
 */
final class Comparison {
    private Comparison() {
    }

    /** What a tool's run reports beside its own duration: its copy stage, when it can be told apart. */
    record Copy(double rowsPerSecond, String note) {
        /** A run that is one copy from start to end (a plain ALTER): its copy rate is its whole-run rate. */
        static final Copy WHOLE_RUN = new Copy(Double.NaN, "(whole run)");

        static Copy of(double rowsPerSecond) {
            return new Copy(rowsPerSecond, "");
        }
    }

    /** A run that failed after its copy: the copy's rate still counts. */
    static final class Failed extends Exception {
        private final Copy copy;

        Failed(String message, Copy copy) {
            super(message);
            this.copy = copy;
        }
    }

    /** One tool's run under the workload. */
    @FunctionalInterface
    interface Change {
        Copy run() throws Exception;
    }

    /** One tool's figures; {@code missing} says why there are none. */
    record Result(String tool, Copy copy, double seconds, String outcome, TwinWorkload.Report before,
                  TwinWorkload.Report during, String missing) {
        static Result missing(String tool, String why) {
            return new Result(tool, null, Double.NaN, "", null, null, why);
        }
    }

    /** Pitstop's rebuild of {@code migration}; its copy is timed from outside by {@link CopyWatch}. */
    static Copy pitstop(DataSource ds, Duration chunkTime, String migration) throws Exception {
        Path dir = Files.createTempDirectory("pitstop-bench");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), migration);
        try (CopyWatch copy = new CopyWatch(ds)) {
            try {
                MigrateResult result = Pitstop.configure().dataSource(ds).locations("filesystem:" + dir)
                        .chunkTime(chunkTime).load().migrate();
                System.out.println("pitstop: " + result.applied());
            } catch (RuntimeException e) {
                throw new Failed(e.getMessage(), Copy.of(copy.rowsPerSecond()));
            }
            return Copy.of(copy.rowsPerSecond());
        }
    }

    /**
     * Runs the workload alone for {@code baselineSeconds}, then again around {@code change} (two seconds
     * before and after it), on a table the caller has just built and warmed.
     */
    static Result measure(String tool, DataSource ds, int rows, int rate, int baselineSeconds, Change change)
            throws Exception {
        TwinWorkload.Report before;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(baselineSeconds * 1000L);
            before = w.stop();
        }
        String outcome = "";
        Copy copy;
        double seconds;
        TwinWorkload.Report during;
        try (TwinWorkload w = new TwinWorkload(ds, "orders", "orders_twin", rows, 4, rate).start()) {
            Thread.sleep(2000);
            long started = System.nanoTime();
            try {
                copy = change.run();
            } catch (Exception e) {
                copy = e instanceof Failed f ? f.copy : new Copy(Double.NaN, "");
                outcome = "failed: " + e.getMessage();
            }
            seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(2000);
            during = w.stop();
        }
        System.out.printf("%s: %.1f s%s%n", tool, seconds, outcome.isEmpty() ? "" : ", " + outcome);
        if (during.errors() > 0) {
            System.out.println(tool + ": first workload error: " + during.firstError());
        }
        return new Result(tool, copy, seconds, outcome, before, during, null);
    }

    /** The tools named by {@code --tools a,b} (all {@code known} ones by default), refusing unknown names. */
    static List<String> tools(String[] args, List<String> known) {
        String given = RebuildBenchmark.option(args, "--tools", String.join(",", known));
        List<String> tools = Arrays.stream(given.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String t : tools) {
            if (!known.contains(t)) {
                throw new IllegalArgumentException("--tools: unknown tool '" + t + "', expected some of " + known);
            }
        }
        return tools;
    }

    /** The 1, 5 and 15 minute load averages (Linux), so figures can be read against how busy the machine was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Prints one markdown table, a column per tool. */
    static void print(String title, int rows, List<Result> results) {
        List<String[]> lines = new ArrayList<>();
        lines.add(row("", results, r -> r.tool()));
        lines.add(row("copy rows/s", results, r -> r.copy().rowsPerSecond() > 0
                ? String.format("%,.0f", r.copy().rowsPerSecond()) : r.copy().note()));
        lines.add(row("whole run rows/s", results, r -> String.format("%,.0f", rows / r.seconds())));
        lines.add(row("whole run (s)", results, r -> String.format("%.1f", r.seconds())));
        lines.add(row("workload p50 / p99 before (ms)", results,
                r -> String.format("%.1f / %.1f", r.before().p50(), r.before().p99())));
        lines.add(row("workload p50 / p99 during (ms)", results,
                r -> String.format("%.1f / %.1f", r.during().p50(), r.during().p99())));
        lines.add(row("longest stall (ms)", results, r -> String.format("%.0f", r.during().max())));
        lines.add(row("workload errors", results, r -> String.valueOf(r.during().errors())));
        lines.add(row("workload tx/s during", results, r -> String.format("%.0f", r.during().perSecond())));
        lines.add(row("outcome", results, r -> r.outcome().isEmpty() ? "ok" : "failed (see above)"));
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        System.out.println();
        System.out.println(title);
        System.out.println();
        for (int n = 0; n < lines.size(); n++) {
            StringBuilder sb = new StringBuilder("|");
            for (int i = 0; i < width.length; i++) {
                sb.append(' ').append(String.format("%-" + width[i] + "s", lines.get(n)[i])).append(" |");
            }
            System.out.println(sb);
            if (n == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : width) {
                    rule.append("-".repeat(w + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
        results.stream().filter(r -> r.missing() != null)
                .forEach(r -> System.out.println(r.tool() + ": not run: " + r.missing()));
        results.stream().filter(r -> r.missing() == null && r.during().slowestStartedAt() != null)
                .forEach(r -> System.out.println(r.tool() + ": slowest workload transaction started at "
                        + r.during().slowestStartedAt()));
    }

    private static String[] row(String label, List<Result> results, java.util.function.Function<Result, String> cell) {
        String[] l = new String[results.size() + 1];
        l[0] = label;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            l[i + 1] = label.isEmpty() ? r.tool() : r.missing() != null ? "not run" : cell.apply(r);
        }
        return l;
    }
}
