package dev.pitstop.cli;

import dev.pitstop.AbortResult;
import dev.pitstop.AppliedMigration;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pitstop abort [version]}: undo the latest migration that is not contracted yet. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Undo the latest migration that is not contracted yet (expanded, failed or interrupted): "
                + "an online rebuild swaps the old table back, with every write made since, or drops its shadow. "
                + "The migration is pending again afterwards.")
final class AbortCommand extends PitstopCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<version>",
            description = "refuse unless this is the migration abort would undo, e.g. 7")
    String version;

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        AbortResult result = pitstop.abort(version);
        if (result.aborted().isEmpty()) {
            out.println(result.database() + ": nothing to abort.");
            return 0;
        }
        for (AppliedMigration m : result.aborted()) {
            out.printf("Aborted V%s %s on %s (%d step(s) undone in %d ms); it is pending again.%n", m.version(),
                    m.description(), result.database(), m.steps(), m.took().toMillis());
        }
        return 0;
    }
}
