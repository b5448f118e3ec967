package dev.pitstop.maven;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pitstop.Durations;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.Secrets;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every Pitstop goal shares: the connection parameters, the migration locations, a small HikariCP
 * pool that lives for the duration of the goal, and the mapping of {@link PitstopException} onto Maven's
 * two failure kinds. The goals themselves only call the facade and print its result. It is long because every
 * configuration key is a Maven parameter with its property name and documentation here, once for all goals.
 */
public abstract class AbstractPitstopMojo extends AbstractMojo {

    /** The default location, relative to the project's base directory. */
    static final String DEFAULT_LOCATION = "src/main/resources/db/migration";
    static final String POOL_NAME = "pitstop";
    static final int MAX_POOL_SIZE = 3;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);


    /** JDBC URL of the database, e.g. {@code jdbc:postgresql://localhost:5432/app} or {@code jdbc:mysql://localhost:3306/app}. */
    @Parameter(property = "pitstop.url")
    String url;

    /** Database user. */
    @Parameter(property = "pitstop.user")
    String user;

    /** Database password. Never printed. */
    @Parameter(property = "pitstop.password")
    String password;

    /**
     * Where the migration files are: a directory ({@code filesystem:dir} or a plain path; relative paths are
     * resolved against the project's base directory) or {@code classpath:path} (looked up in the project's
     * resource directories). Default: {@code ${project.basedir}/src/main/resources/db/migration}. On the
     * command line: {@code -Dpitstop.locations=dir1,dir2}.
     */
    @Parameter(property = "pitstop.locations")
    List<String> locations;

    /** How long to wait for another run's migration lock, e.g. 30s, 5m (default 5m). */
    @Parameter(property = "pitstop.lockWait")
    String lockWait;

    /** How long one DDL statement may wait for a table lock before it gives up and is retried (default 2s). */
    @Parameter(property = "pitstop.ddlLockTimeout")
    String ddlLockTimeout;

    /** Total time for the retries of one DDL statement (default 60s). */
    @Parameter(property = "pitstop.ddlRetryBudget")
    String ddlRetryBudget;

    /** Target duration of one chunk of an online table copy (default 100ms). */
    @Parameter(property = "pitstop.chunkTime")
    String chunkTime;

    /** How long one cut-over attempt may wait for the table lock (default 1s). */
    @Parameter(property = "pitstop.cutOverLockTimeout")
    String cutOverLockTimeout;

    /** Total time for the cut-over's attempts (default 60s). */
    @Parameter(property = "pitstop.cutOverBudget")
    String cutOverBudget;

    /** How long a registered application instance may stay silent before contract counts it as gone (default 60s). */
    @Parameter(property = "pitstop.instanceTimeout")
    String instanceTimeout;

    /** Replica lag above which the copy pauses, e.g. 5s (default: not checked). */
    @Parameter(property = "pitstop.maxLag")
    String maxLag;

    /** Replica lag above which the migration stops, resumable (default: never). */
    @Parameter(property = "pitstop.criticalLag")
    String criticalLag;

    /** SQL returning the replica lag in seconds, e.g. from a heartbeat table (default: the server's replication status). */
    @Parameter(property = "pitstop.lagQuery")
    String lagQuery;

    /** Server load (PostgreSQL active backends, MySQL/MariaDB Threads_running) above which the copy pauses. */
    @Parameter(property = "pitstop.maxLoad")
    Integer maxLoad;

    /** Server load above which the migration stops, resumable (default: never). */
    @Parameter(property = "pitstop.criticalLoad")
    Integer criticalLoad;

    /** SQL returning one number; above 0 the copy pauses (default: none). */
    @Parameter(property = "pitstop.throttleQuery")
    String throttleQuery;

    /** Value of the throttle query above which the migration stops, resumable (default: never). */
    @Parameter(property = "pitstop.throttleQueryCritical")
    Double throttleQueryCritical;

    /** How long the copy may stay paused or the cut-over postponed before the migration stops (default 24h). */
    @Parameter(property = "pitstop.maxPause")
    String maxPause;

    /** Recorded in the history as who ran the migration (default: the operating-system user). */
    @Parameter(property = "pitstop.installedBy")
    String installedBy;

    /**
     * A file of the previous application version's own SQL, statements separated by {@code ;}: plan and migrate
     * refuse a step one of them would fail against. Relative to the project's base directory. Default: none.
     */
    @Parameter(property = "pitstop.previousQueries")
    File previousQueries;

    /** Skips the goal. */
    @Parameter(property = "pitstop.skip", defaultValue = "false")
    boolean skip;

    /** The project's base directory (the current directory when the goal runs without a project). */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    /** The goal's name, for log lines. */
    abstract String goal();

    /** Checks the goal's own parameters before anything connects. */
    void validate() throws MojoFailureException {
    }

    /** Calls the facade and logs its result. */
    abstract void run(Pitstop pitstop) throws MojoExecutionException, MojoFailureException;

    /** A goal's own settings (a listener) before the pool opens. */
    void configure(PitstopConfig.Builder builder) {
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pitstop:" + goal() + " skipped (pitstop.skip=true)");
            return;
        }
        if (url == null || url.isBlank()) {
            throw new MojoFailureException("pitstop:" + goal() + " needs a JDBC URL: set <url> in the plugin's "
                    + "configuration or pass -Dpitstop.url=jdbc:postgresql://host:5432/db (or jdbc:mysql://host:3306/db)");
        }
        validate();
        List<String> resolved = resolveLocations(locations, baseDirectory());
        getLog().info("Pitstop " + goal() + " on " + Secrets.maskUrl(url) + (blank(user) ? "" : " as " + user)
                + ", locations " + resolved);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader resources = projectResources()) {
            PitstopConfig.Builder builder = Pitstop.configure()
                    .locations(resolved)
                    .classLoader(resources)
                    .lockWait(Durations.parse("lockWait", lockWait, PitstopConfig.DEFAULT_LOCK_WAIT))
                    .ddlLockTimeout(Durations.parse("ddlLockTimeout", ddlLockTimeout,
                            PitstopConfig.DEFAULT_DDL_LOCK_TIMEOUT))
                    .ddlRetryBudget(Durations.parse("ddlRetryBudget", ddlRetryBudget,
                            PitstopConfig.DEFAULT_DDL_RETRY_BUDGET))
                    .chunkTime(Durations.parse("chunkTime", chunkTime, PitstopConfig.DEFAULT_CHUNK_TIME))
                    .cutOverLockTimeout(Durations.parse("cutOverLockTimeout", cutOverLockTimeout,
                            PitstopConfig.DEFAULT_CUT_OVER_LOCK_TIMEOUT))
                    .cutOverBudget(Durations.parse("cutOverBudget", cutOverBudget, PitstopConfig.DEFAULT_CUT_OVER_BUDGET));
            Duration timeout = Durations.parse("instanceTimeout", instanceTimeout, PitstopConfig.DEFAULT_INSTANCE_TIMEOUT);
            builder.instanceTimeout(timeout).heartbeatInterval(timeout.dividedBy(6))
                    .previousQueries(previousQueries == null ? null : previousQueries.toPath())
                    .maxLag(Durations.parse("maxLag", maxLag, null))
                    .criticalLag(Durations.parse("criticalLag", criticalLag, null))
                    .lagQuery(lagQuery)
                    .maxLoad(maxLoad)
                    .criticalLoad(criticalLoad)
                    .throttleQuery(throttleQuery)
                    .throttleQueryCritical(throttleQueryCritical)
                    .maxPause(Durations.parse("maxPause", maxPause, dev.pitstop.ThrottleSettings.DEFAULT_MAX_PAUSE));
            if (!blank(installedBy)) {
                builder.installedBy(installedBy);
            }
            configure(builder);
            builder.validate();
            Thread.currentThread().setContextClassLoader(resources);
            try (HikariDataSource dataSource = openPool()) {
                run(builder.dataSource(dataSource).load());
            }
        } catch (PitstopException e) {
            getLog().debug("pitstop:" + goal() + " failed with " + e.code(), e);
            AbstractMojoExecutionException mapped = toMojoException(e, secrets());
            if (mapped instanceof MojoFailureException failure) {
                throw failure;
            }
            throw (MojoExecutionException) mapped;
        } catch (IOException e) {
            throw new MojoExecutionException(scrub(String.valueOf(e.getMessage()), secrets()), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Bad input (exit code 1: refused by the checker, 2: bad configuration, files or SQL) is the user's
     * to fix and becomes a {@link MojoFailureException}; a failure while executing (exit code 3) becomes a
     * {@link MojoExecutionException}. The message is kept, with any known secret replaced by ***. The
     * exception is not chained: Maven would append every cause's message (parser internals, driver
     * details) to the one line the user reads; the stack trace is logged at debug level (-X) instead.
     */
    static AbstractMojoExecutionException toMojoException(PitstopException e, List<String> secrets) {
        String message = scrub(e.getMessage(), secrets);
        return e.exitCode() == 1 || e.exitCode() == 2
                ? new MojoFailureException(message)
                : new MojoExecutionException(message);
    }

    /**
     * Turns the configured locations into what the engine takes: {@code classpath:} entries as given,
     * directories as absolute {@code filesystem:} paths, relative ones resolved against {@code base}.
     * Entries may themselves be comma-separated; blank ones are ignored; none means the default.
     */
    static List<String> resolveLocations(List<String> configured, File base) {
        List<String> entries = new ArrayList<>();
        if (configured != null) {
            for (String item : configured) {
                if (item == null) {
                    continue;
                }
                for (String part : item.split(",")) {
                    if (!part.isBlank()) {
                        entries.add(part.trim());
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            entries.add(DEFAULT_LOCATION);
        }
        List<String> resolved = new ArrayList<>();
        for (String entry : entries) {
            if (entry.startsWith("classpath:")) {
                resolved.add(entry);
                continue;
            }
            String path = entry.startsWith("filesystem:") ? entry.substring("filesystem:".length()) : entry;
            File dir = new File(path);
            if (!dir.isAbsolute()) {
                dir = new File(base, path);
            }
            resolved.add("filesystem:" + dir.toPath().normalize().toAbsolutePath());
        }
        return resolved;
    }

    /** The driver class for a JDBC URL the plugin bundles a driver for, null for any other. */
    static String driverClassFor(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (lower.startsWith("jdbc:mysql:")) {
            return "com.mysql.cj.jdbc.Driver";
        }
        return null;
    }

    /** Every secret that must not appear in output: the password, and any password written into the URL. */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (!blank(password)) {
            secrets.add(password);
        }
        secrets.addAll(Secrets.passwordsIn(url));
        return secrets;
    }

    static String scrub(String message, List<String> secrets) {
        String result = message;
        for (String secret : secrets) {
            result = Secrets.scrub(result, secret);
        }
        return result;
    }

    private File baseDirectory() {
        return basedir != null ? basedir : new File(System.getProperty("user.dir"));
    }

    /**
     * Checks that the database can be reached with a plain driver connection first, so that a wrong URL,
     * user or password is one clear failure rather than a pool's stack trace, then opens the pool.
     */
    private HikariDataSource openPool() throws MojoFailureException {
        String masked = Secrets.maskUrl(url);
        String who = blank(user) ? "no user" : "user '" + user + "'";
        String driverClass = driverClassFor(url);
        Driver driver;
        try {
            driver = driverClass != null
                    ? (Driver) Class.forName(driverClass, true, AbstractPitstopMojo.class.getClassLoader())
                            .getDeclaredConstructor().newInstance()
                    : DriverManager.getDriver(url);
        } catch (ReflectiveOperationException | SQLException e) {
            getLog().debug("no driver for " + masked, e);
            throw new MojoFailureException("no JDBC driver for " + masked + ": the plugin bundles the PostgreSQL driver "
                    + "(jdbc:postgresql://...) and MySQL Connector/J (jdbc:mysql://..., for MySQL and MariaDB)");
        }
        Properties probe = new Properties();
        if (!blank(user)) {
            probe.setProperty("user", user);
        }
        if (password != null) {
            probe.setProperty("password", password);
        }
        String lowerUrl = url.toLowerCase(Locale.ROOT);
        if (lowerUrl.startsWith("jdbc:postgresql:") && !lowerUrl.contains("logintimeout=")) {
            probe.setProperty("loginTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        } else if (lowerUrl.startsWith("jdbc:mysql:") && !lowerUrl.contains("connecttimeout=")) {
            probe.setProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toMillis()));
        }
        try (Connection connection = driver.connect(url, probe)) {
            if (connection == null) {
                throw new MojoFailureException("the JDBC driver " + driver.getClass().getName() + " does not accept "
                        + masked + ": check pitstop.url");
            }
        } catch (SQLException e) {
            throw cannotConnect(masked, who, e);
        }

        quietPoolLogging();
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(url);
        if (driverClass != null) {
            config.setDriverClassName(driverClass);
        }
        if (!blank(user)) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw cannotConnect(masked, who, e.getCause() instanceof SQLException sql ? sql : e);
        }
    }

    /** One clear line naming the masked URL and the user; the stack trace goes to the debug log (-X). */
    private MojoFailureException cannotConnect(String maskedUrl, String who, Exception e) {
        getLog().debug("connection to " + maskedUrl + " failed", e);
        String reason = scrub(e.getMessage() != null ? e.getMessage() : rootMessage(e), secrets()).strip();
        while (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return new MojoFailureException("cannot connect to " + maskedUrl + " as " + who + ": " + reason
                + ". Check pitstop.url, pitstop.user and pitstop.password, and that the database server is running");
    }

    /**
     * HikariCP logs every pool start, connection and shutdown at INFO, which only clutters a goal's output.
     * Maven 3's SLF4J provider reads a logger's level from this system property when the logger is created
     * (on first use of HikariCP's classes), so setting it here, unless the user already did, turns those
     * lines off; {@code -Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=info} brings them back.
     */
    private static void quietPoolLogging() {
        String key = "org.slf4j.simpleLogger.log.com.zaxxer.hikari";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    /** The project's resource directories, for {@code classpath:} locations; parent is the plugin's class loader. */
    URLClassLoader projectResources() throws MojoExecutionException {
        return projectResources(project);
    }

    static URLClassLoader projectResources(MavenProject project) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        if (project != null && project.getBuild() != null && project.getBuild().getResources() != null) {
            for (Resource resource : project.getBuild().getResources()) {
                File dir = new File(resource.getDirectory());
                if (dir.isDirectory()) {
                    try {
                        urls.add(dir.toURI().toURL());
                    } catch (MalformedURLException e) {
                        throw new MojoExecutionException("bad resource directory " + dir, e);
                    }
                }
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), AbstractPitstopMojo.class.getClassLoader());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
