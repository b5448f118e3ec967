package dev.pitstop.cli;

import dev.pitstop.Pitstop;
import dev.pitstop.PlanResult;
import dev.pitstop.PlannedAction;
import dev.pitstop.PlannedMigration;
import dev.pitstop.PlannedStep;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pitstop plan}: what migrate would run, step by step. A true dry run. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show pending migrations, each step with its phase and the SQL it would run. Changes nothing.")
final class PlanCommand extends PitstopCommand {

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        PlanResult plan = pitstop.plan();
        if (format == OutputFormat.json) {
            out.println(Json.write(plan));
            return 0;
        }
        if (plan.pending().isEmpty()) {
            out.println(plan.database() + " is up to date: nothing to plan.");
            return 0;
        }
        out.println(plan.pending().size() + " pending migration(s) on " + plan.database() + ":");
        for (PlannedMigration m : plan.pending()) {
            out.println();
            out.println("V" + m.version() + "  " + m.description() + "  (" + m.script() + ")");
            for (PlannedStep s : m.steps()) {
                out.println("  step " + s.number() + "  " + s.kind() + "  at " + s.source());
                for (PlannedAction a : s.actions()) {
                    out.println("    " + a.phase() + "  " + a.description());
                    a.sql().lines().forEach(line -> out.println("      " + line));
                }
            }
        }
        return 0;
    }
}
