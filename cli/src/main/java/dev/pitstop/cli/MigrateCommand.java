package dev.pitstop.cli;

import dev.pitstop.AppliedMigration;
import dev.pitstop.DryRunResult;
import dev.pitstop.DryRunStep;
import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pitstop migrate}: EXPAND and BACKFILL of every pending migration, or a rehearsal of them. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending migrations (expand and backfill); resumes a failed or interrupted one.")
final class MigrateCommand extends PitstopCommand {

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", description = "How to show the progress of "
            + "online copies and chunked changes: bar (redrawn in place), lines (one every 10 s), none; default auto: a "
            + "bar on a terminal, lines otherwise")
    ProgressPrinter.Mode progress;

    @Option(names = "--dry-run", description = "Rehearse instead: create and check each online rebuild's shadow table "
            + "and triggers on the server, copy a sample of chunks, report the expected duration and the sessions that "
            + "would block the cut-over, then drop everything created. History is not written.")
    boolean dryRun;

    @Override
    void configure(PitstopConfig.Builder config, PrintWriter out) {
        if (dryRun) {
            return;
        }
        ProgressPrinter printer = new ProgressPrinter(progress, out, Clock.systemUTC(), ProgressPrinter.LINES_EVERY);
        if (printer.mode() == ProgressPrinter.Mode.bar) {
            // the bar says what the engine's progress log lines would; warnings still show
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        config.listener(printer);
    }

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        if (dryRun) {
            return dryRun(pitstop.dryRun(), out);
        }
        MigrateResult result = pitstop.migrate();
        if (result.upToDate()) {
            out.println(result.database() + " is up to date: nothing to migrate.");
            return 0;
        }
        out.println("Migrated " + result.database() + ":");
        for (AppliedMigration m : result.applied()) {
            out.printf("  V%-8s %-40s %-10s %d step(s), %d ms%n", m.version(), m.description(), m.state(), m.steps(),
                    m.took().toMillis());
        }
        return 0;
    }

    private static int dryRun(DryRunResult result, PrintWriter out) {
        if (result.upToDate()) {
            out.println(result.database() + " is up to date: nothing to rehearse.");
            return 0;
        }
        out.println("Dry run on " + result.database() + " (everything it created is dropped again; history untouched):");
        for (DryRunStep s : result.steps()) {
            out.println("  V" + s.version() + " step " + s.stepNo() + "  " + s.kind() + "  " + s.statement());
            if (s.rehearsed()) {
                out.printf(Locale.ROOT, "    rehearsed on %s: shadow and triggers created and checked; sample of %,d rows in "
                        + "%d ms, %,d rows/s; ~%,d rows: expected copy time %s%n", s.table(), s.sampleRows(),
                        s.sampleTook().toMillis(), Math.round(s.rowsPerSecond()), s.rowsEstimated(),
                        ProgressPrinter.eta(s.expectedDuration()));
            }
            if (s.table() != null) {
                out.println("    would block the cut-over: " + (s.blockers().isEmpty() ? "nothing now"
                        : String.join("; ", s.blockers())));
            }
            s.notes().forEach(n -> out.println("    note: " + n));
        }
        out.println("Expected duration of the copies: " + ProgressPrinter.eta(result.expectedDuration()));
        return 0;
    }
}
