package dev.pitstop.cli;

import dev.pitstop.MigrationInfo;
import dev.pitstop.Pitstop;
import dev.pitstop.StatusResult;
import dev.pitstop.StepProgressInfo;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pitstop status}: every migration from the files and the history. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List every migration with its version, description, phase, state and timestamps.")
final class StatusCommand extends PitstopCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        StatusResult status = pitstop.status();
        if (format == OutputFormat.json) {
            out.println(Json.write(status));
            return 0;
        }
        out.println(status.database());
        out.printf("%-10s %-36s %-9s %-10s %-21s %-21s%n", "Version", "Description", "Phase", "State", "Started",
                "Finished");
        for (MigrationInfo m : status.migrations()) {
            out.printf("%-10s %-36s %-9s %-10s %-21s %-21s%s%n", m.version(), m.description(),
                    m.phase() == null ? "" : m.phase(), m.state(), time(m.startedAt()), time(m.finishedAt()),
                    m.fileFound() ? "" : "  (file missing)");
        }
        for (String control : status.controls()) {
            out.println("Control " + control);
        }
        for (StepProgressInfo p : status.progress()) {
            out.printf(Locale.ROOT, "V%s step %d (%s) %s: %,d of ~%,d rows (%.1f%%), %,d rows/s, ETA %s%s, as of %s (%d s ago)%n",
                    p.version(), p.stepNo(), p.kind(), p.state(), p.rowsDone(), p.rowsEstimated(), p.percent(),
                    Math.round(p.rowsPerSecond()), ProgressPrinter.eta(p.eta()), p.throttled() ? ", throttled" : "",
                    time(p.updatedAt()), p.updatedAt() == null ? 0
                            : Math.max(0, java.time.Duration.between(p.updatedAt(), Instant.now()).toSeconds()));
        }
        return 0;
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
