package dev.pitstop.cli;

import dev.pitstop.AppliedMigration;
import dev.pitstop.MigrateResult;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code pitstop migrate}: EXPAND and BACKFILL of every pending migration. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending migrations (expand and backfill); resumes a failed or interrupted one.")
final class MigrateCommand extends PitstopCommand {

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
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
}
