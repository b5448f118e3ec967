package dev.pitstop.cli;

import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pitstop check}: the compatibility checker, offline. Replays the migration files and reports every
 * statement the previous application version would break on; needs no database, so it opens no pool.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check every migration against the schema the files before it build, for statements the previous "
                + "application version would break on. Needs no database. Exit code 1 when anything is refused.")
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    PitstopCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", required = true, description = "postgres or mysql (MySQL and MariaDB)")
    String dialect;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Override
    public Integer call() {
        Settings settings = cli.settings();
        CheckResult result = Pitstop.configure().locations(settings.locations()).dialect(dialect)
                .previousQueries(settings.previousQueries()).check();
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Json.write(result));
        } else {
            out.println(result.toText());
        }
        return result.refused() ? ErrorCode.CHECK_REFUSED.exitCode() : 0;
    }
}
