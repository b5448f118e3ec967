package dev.pitstop.cli;

import dev.pitstop.Durations;
import dev.pitstop.cli.demo.DemoOptions;
import dev.pitstop.cli.demo.DemoReport;
import dev.pitstop.cli.demo.DemoRun;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pitstop demo}: the whole lifecycle on a throwaway embedded PostgreSQL, with numbers. Needs no
 * database and ignores the connection settings; exit code 3 when the simulated applications saw an error.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show an online migration end to end, with no database of your own: starts an embedded "
                + "PostgreSQL, loads a sample table, runs an old application version against it, renames a column and "
                + "widens another with Pitstop (expand, backfill with cut-over), runs the new version beside the old one, "
                + "stops the old one, contracts, and prints rows copied, errors, latencies and time per phase.",
                "Exit code 0 when both versions saw no error, 3 when they did."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", description = "Rows of the sample table (default 1000000).")
    long rows = DemoOptions.DEFAULT_ROWS;

    @Option(names = "--rate", paramLabel = "TX/S", description = "Transactions per second of the old application "
            + "version (default 150; the new one runs 50).")
    int rate = DemoOptions.DEFAULT_OLD_RATE;

    @Option(names = "--window", paramLabel = "DURATION", description = "How long the old version runs alone before "
            + "the migration, and both versions together after it (default 5s).")
    String window = "5s";

    @Option(names = "--verbose", description = "Also print Pitstop's own progress log (stderr).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        DemoOptions options = new DemoOptions(rows, rate, DemoOptions.DEFAULT_NEW_RATE,
                Durations.parse("--window", window, DemoOptions.DEFAULT_WINDOW));
        quietLogs(verbose);
        PrintWriter out = spec.commandLine().getOut();
        DemoReport report = new DemoRun(options, out).run();
        report.print(out);
        out.flush();
        if (report.errors() > 0) {
            spec.commandLine().getErr().println("pitstop demo: the applications saw " + report.errors() + " error(s); the "
                    + "first: " + report.firstError() + ". Run again with --verbose to see what Pitstop did at that time.");
            return 3;
        }
        return 0;
    }

    /**
     * The demo prints its own narrative; Pitstop's and the embedded server's info logs would drown it. Effective
     * only before the first logger is created, which is the case: no command has run yet.
     */
    private static void quietLogs(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.log.dev.pitstop", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
    }
}
