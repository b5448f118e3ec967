package dev.pitstop.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.Secrets;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command shares: resolve the settings, open a small HikariCP pool, hand it to the facade,
 * close it. Commands only call the facade and print the result.
 */
abstract class PitstopCommand implements Callable<Integer> {

    @ParentCommand
    PitstopCli cli;

    @Spec
    CommandSpec spec;

    /** Runs the command with a ready facade and returns the exit code. */
    abstract int run(Pitstop pitstop, PrintWriter out);

    @Override
    public final Integer call() {
        Settings settings = cli.settings();
        PitstopConfig.Builder config = Pitstop.configure()
                .locations(settings.locations())
                .lockWait(settings.lockWait())
                .ddlLockTimeout(settings.ddlLockTimeout())
                .ddlRetryBudget(settings.ddlRetryBudget())
                .chunkTime(settings.chunkTime())
                .cutOverLockTimeout(settings.cutOverLockTimeout())
                .cutOverBudget(settings.cutOverBudget())
                .instanceTimeout(settings.instanceTimeout())
                .heartbeatInterval(settings.instanceTimeout().dividedBy(6))
                .previousQueries(settings.previousQueries())
                .maxLag(settings.throttle().maxLag())
                .criticalLag(settings.throttle().criticalLag())
                .lagQuery(settings.throttle().lagQuery())
                .maxLoad(settings.throttle().maxLoad())
                .criticalLoad(settings.throttle().criticalLoad())
                .throttleQuery(settings.throttle().throttleQuery())
                .throttleQueryCritical(settings.throttle().throttleQueryCritical())
                .maxPause(settings.throttle().maxPause())
                .validate();
        configure(config, spec.commandLine().getOut());
        try (HikariDataSource pool = pool(settings)) {
            return run(config.dataSource(pool).load(), spec.commandLine().getOut());
        }
    }

    /** A command's own settings (a listener), before the pool opens and anything logs. */
    void configure(PitstopConfig.Builder config, PrintWriter out) {
    }

    /** A small pool on the resolved URL, user and password; a connection failure says which and how to fix it. */
    static HikariDataSource pool(Settings settings) {
        String url = settings.requireUrl();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setPoolName("pitstop");
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof HikariPool.PoolInitializationException && e.getCause() != null ? e.getCause() : e;
            String reason = Secrets.maskUrl(Secrets.scrub(String.valueOf(cause.getMessage()), settings.password()))
                    .replace(url, Secrets.maskUrl(url));
            throw new PitstopException(ErrorCode.CONNECTION_FAILED, "cannot connect to " + Secrets.maskUrl(url)
                    + (settings.user() != null ? " as " + settings.user() : "") + ": " + reason
                    + ". Check --url, --user and --password (or PITSTOP_URL, PITSTOP_USER, PITSTOP_PASSWORD) and that the "
                    + "server is running.", cause);
        }
    }
}
