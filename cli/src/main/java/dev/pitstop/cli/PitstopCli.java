package dev.pitstop.cli;

import dev.pitstop.PitstopException;
import dev.pitstop.Secrets;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar pitstop.jar}: the command-line front end. Global options are accepted before or
 * after the command name; each also comes from the environment and from {@code pitstop.properties} in
 * the working directory (flags over environment over file, see {@link Settings}).
 */
@Command(name = "pitstop", mixinStandardHelpOptions = true, versionProvider = PitstopCli.Version.class,
        description = "Online schema migrations for PostgreSQL and MySQL/MariaDB.",
        subcommands = {DemoCommand.class, CheckCommand.class, PlanCommand.class, MigrateCommand.class, ContractCommand.class, AbortCommand.class, StatusCommand.class,
                BaselineCommand.class, ControlCommands.Pause.class, ControlCommands.Resume.class,
                ControlCommands.PostponeCutOver.class, ControlCommands.Unpostpone.class, ControlCommands.Set.class},
        footer = {"", "Exit codes: 0 success, 1 refused by the compatibility checker, 2 bad usage or input "
                + "(bad SQL, missing location, cannot connect, changed file), 3 failure while executing."})
public final class PitstopCli implements Runnable {

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/app "
            + "or jdbc:mysql://127.0.0.1:3306/app (env PITSTOP_URL, property pitstop.url)")
    String url;

    @Option(names = "--user", scope = ScopeType.INHERIT, description = "Database user (env PITSTOP_USER, property pitstop.user)")
    String user;

    @Option(names = "--password", scope = ScopeType.INHERIT,
            description = "Database password (env PITSTOP_PASSWORD, property pitstop.password)")
    String password;

    @Option(names = "--locations", scope = ScopeType.INHERIT, split = ",",
            description = "Folder(s) of V<version>__<description>.sql files, repeatable (env PITSTOP_LOCATIONS, "
                    + "property pitstop.locations; default db/migration)")
    List<String> locations;

    @Option(names = "--lock-wait", scope = ScopeType.INHERIT, description = "How long to wait for another run's "
            + "migration lock, e.g. 5m, 30s (property pitstop.lockWait; default 5m)")
    String lockWait;

    @Option(names = "--ddl-lock-timeout", scope = ScopeType.INHERIT, description = "How long one DDL statement may wait "
            + "for a table lock before it is retried (property pitstop.ddlLockTimeout; default 2s)")
    String ddlLockTimeout;

    @Option(names = "--ddl-retry-budget", scope = ScopeType.INHERIT, description = "Total time for the retries of one "
            + "DDL statement (property pitstop.ddlRetryBudget; default 60s)")
    String ddlRetryBudget;

    @Option(names = "--chunk-time", scope = ScopeType.INHERIT, description = "Target duration of one chunk of an "
            + "online table copy (property pitstop.chunkTime; default 100ms)")
    String chunkTime;

    @Option(names = "--cut-over-lock-timeout", scope = ScopeType.INHERIT, description = "How long one cut-over "
            + "attempt may wait for the table lock (property pitstop.cutOverLockTimeout; default 1s)")
    String cutOverLockTimeout;

    @Option(names = "--cut-over-budget", scope = ScopeType.INHERIT, description = "Total time for the cut-over's "
            + "attempts (property pitstop.cutOverBudget; default 60s)")
    String cutOverBudget;

    @Option(names = "--instance-timeout", scope = ScopeType.INHERIT, description = "How long a registered application "
            + "instance may stay silent before contract counts it as gone (property pitstop.instanceTimeout; default 60s)")
    String instanceTimeout;

    @Option(names = "--previous-queries", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "The previous "
            + "application version's SQL, statements separated by ';': check, plan and migrate refuse a step one of them "
            + "would fail against (property pitstop.previousQueries; default none)")
    String previousQueries;

    @Option(names = "--max-lag", scope = ScopeType.INHERIT, description = "Replica lag above which the copy pauses, "
            + "e.g. 5s (property pitstop.maxLag; default: not checked)")
    String maxLag;

    @Option(names = "--critical-lag", scope = ScopeType.INHERIT, description = "Replica lag above which the migration "
            + "stops, resumable (property pitstop.criticalLag; default: never)")
    String criticalLag;

    @Option(names = "--lag-query", scope = ScopeType.INHERIT, paramLabel = "SQL", description = "SQL returning the "
            + "replica lag in seconds, e.g. from a heartbeat table (property pitstop.lagQuery; default: the server's "
            + "own replication status)")
    String lagQuery;

    @Option(names = "--max-load", scope = ScopeType.INHERIT, description = "Server load above which the copy pauses: "
            + "PostgreSQL active backends, MySQL/MariaDB Threads_running (property pitstop.maxLoad; default: not checked)")
    String maxLoad;

    @Option(names = "--critical-load", scope = ScopeType.INHERIT, description = "Server load above which the migration "
            + "stops, resumable (property pitstop.criticalLoad; default: never)")
    String criticalLoad;

    @Option(names = "--throttle-query", scope = ScopeType.INHERIT, paramLabel = "SQL", description = "SQL returning one "
            + "number; above 0 the copy pauses (property pitstop.throttleQuery; default none)")
    String throttleQuery;

    @Option(names = "--throttle-query-critical", scope = ScopeType.INHERIT, description = "Value of the throttle query "
            + "above which the migration stops, resumable (property pitstop.throttleQueryCritical; default: never)")
    String throttleQueryCritical;

    @Option(names = "--max-pause", scope = ScopeType.INHERIT, description = "How long the copy may stay paused or the "
            + "cut-over postponed before the migration stops, resumable (property pitstop.maxPause; default 24h)")
    String maxPause;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: demo, check, plan, migrate, contract, "
                + "abort, status, baseline, pause, resume, postpone-cutover, unpostpone or set");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns the exit code; used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        PitstopCli cli = new PitstopCli();
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(e -> e instanceof PitstopException p ? p.exitCode() : 3);
        cmd.setParameterExceptionHandler((e, a) -> {
            err.println("pitstop: " + e.getMessage());
            err.println("Run 'pitstop --help' for the commands and options.");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            String secret = cli.passwordOrNull();
            if (e instanceof PitstopException p) {
                err.println("pitstop: " + Secrets.maskUrl(Secrets.scrub(p.getMessage(), secret)));
                return p.exitCode();
            }
            err.println("pitstop: unexpected failure: " + Secrets.maskUrl(Secrets.scrub(String.valueOf(e), secret)));
            return 3;
        });
        return cmd.execute(args);
    }

    /** The resolved settings: flags over environment over pitstop.properties. */
    Settings settings() {
        return Settings.resolve(this, System.getenv(), Settings.propertiesFile());
    }

    /** The password from wherever it was given, or null when settings cannot even be read; for scrubbing messages. */
    String passwordOrNull() {
        try {
            return settings().password();
        } catch (RuntimeException e) {
            return password;
        }
    }

    /** --version prints the version baked into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PitstopCli.class.getPackage().getImplementationVersion();
            return new String[] {"pitstop " + (v == null ? "development build" : v)};
        }
    }
}
