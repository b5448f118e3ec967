package dev.pitstop.cli;

import dev.pitstop.BaselineResult;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pitstop baseline <version>}: adopt a database whose schema already matches the files up to version. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Mark <version> and every file up to it as applied, on a database Pitstop has not migrated yet.")
final class BaselineCommand extends PitstopCommand {

    @Parameters(index = "0", paramLabel = "<version>", description = "e.g. 5 or 1.10")
    String version;

    @Override
    int run(Pitstop pitstop, PrintWriter out) {
        BaselineResult result = pitstop.baseline(version);
        out.println("Baselined " + result.database() + " at V" + result.version()
                + ": migrate applies only files after it.");
        return 0;
    }
}
