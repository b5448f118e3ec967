package dev.pitstop.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pitstop check}: the compatibility checker. Offline (no URL) it replays the migration files and reports
 * every statement the previous application version would break on, and opens no pool. With a URL (as the other
 * commands take it) it checks the pending migrations as {@code migrate} would, with the data checks on the live
 * tables.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check every migration against the schema the files before it build, for statements the previous "
                + "application version would break on. Needs no database; with --url it checks the pending migrations "
                + "and the live data (duplicates before a unique key, NULLs before NOT NULL). Exit code 1 when anything "
                + "is refused.")
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    PitstopCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", description = "postgres or mysql (MySQL and MariaDB); required without --url")
    String dialect;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    OutputFormat format;

    @Override
    public Integer call() {
        Settings settings = cli.settings();
        PitstopConfig.Builder config = Pitstop.configure().locations(settings.locations()).dialect(dialect)
                .previousQueries(settings.previousQueries());
        CheckResult result;
        if (settings.url() == null || settings.url().isBlank()) {
            result = config.check();
        } else {
            config.validate();
            try (HikariDataSource pool = PitstopCommand.pool(settings)) {
                result = config.dataSource(pool).check();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Json.write(result));
        } else {
            out.println(result.toText());
        }
        return result.refused() ? ErrorCode.CHECK_REFUSED.exitCode() : 0;
    }
}
