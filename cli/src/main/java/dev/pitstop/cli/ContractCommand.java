package dev.pitstop.cli;

import dev.pitstop.AppliedMigration;
import dev.pitstop.ContractResult;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pitstop contract}: the destructive phase, once the previous application version is gone. */
@Command(name = "contract", mixinStandardHelpOptions = true,
        description = "Run the contract phase of expanded migrations (once no old application version is live).")
final class ContractCommand extends PitstopCommand {

    @Option(names = "--force", description = "Contract even while registered application instances of an older "
            + "version are live (they are named in a warning).")
    boolean force;

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        ContractResult result = pitstop.contract(force);
        if (result.contracted().isEmpty()) {
            out.println(result.database() + ": nothing to contract.");
            return 0;
        }
        out.println("Contracted " + result.database() + ":");
        for (AppliedMigration m : result.contracted()) {
            out.printf("  V%-8s %-40s %s%n", m.version(), m.description(), m.state());
        }
        return 0;
    }
}
