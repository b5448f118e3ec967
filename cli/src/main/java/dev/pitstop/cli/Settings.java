package dev.pitstop.cli;

import dev.pitstop.Durations;
import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.ThrottleSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The CLI's configuration, resolved once: a flag wins over the environment variable, which wins over
 * {@code pitstop.properties} in the working directory, which wins over the default.
 *
 * <table>
 *   <tr><th>flag</th><th>environment</th><th>property</th><th>default</th></tr>
 *   <tr><td>--url</td><td>PITSTOP_URL</td><td>pitstop.url</td><td>(required)</td></tr>
 *   <tr><td>--user</td><td>PITSTOP_USER</td><td>pitstop.user</td><td>driver default</td></tr>
 *   <tr><td>--password</td><td>PITSTOP_PASSWORD</td><td>pitstop.password</td><td>none</td></tr>
 *   <tr><td>--locations</td><td>PITSTOP_LOCATIONS</td><td>pitstop.locations</td><td>db/migration</td></tr>
 *   <tr><td>--lock-wait</td><td>PITSTOP_LOCK_WAIT</td><td>pitstop.lockWait</td><td>5m</td></tr>
 *   <tr><td>--ddl-lock-timeout</td><td>PITSTOP_DDL_LOCK_TIMEOUT</td><td>pitstop.ddlLockTimeout</td><td>2s</td></tr>
 *   <tr><td>--ddl-retry-budget</td><td>PITSTOP_DDL_RETRY_BUDGET</td><td>pitstop.ddlRetryBudget</td><td>60s</td></tr>
 *   <tr><td>--chunk-time</td><td>PITSTOP_CHUNK_TIME</td><td>pitstop.chunkTime</td><td>100ms</td></tr>
 *   <tr><td>--cut-over-lock-timeout</td><td>PITSTOP_CUT_OVER_LOCK_TIMEOUT</td><td>pitstop.cutOverLockTimeout</td><td>1s</td></tr>
 *   <tr><td>--cut-over-budget</td><td>PITSTOP_CUT_OVER_BUDGET</td><td>pitstop.cutOverBudget</td><td>60s</td></tr>
 *   <tr><td>--instance-timeout</td><td>PITSTOP_INSTANCE_TIMEOUT</td><td>pitstop.instanceTimeout</td><td>60s</td></tr>
 *   <tr><td>--previous-queries</td><td>PITSTOP_PREVIOUS_QUERIES</td><td>pitstop.previousQueries</td><td>none</td></tr>
 *   <tr><td>--max-lag</td><td>PITSTOP_MAX_LAG</td><td>pitstop.maxLag</td><td>none</td></tr>
 *   <tr><td>--critical-lag</td><td>PITSTOP_CRITICAL_LAG</td><td>pitstop.criticalLag</td><td>none</td></tr>
 *   <tr><td>--lag-query</td><td>PITSTOP_LAG_QUERY</td><td>pitstop.lagQuery</td><td>the server's replication status</td></tr>
 *   <tr><td>--max-load</td><td>PITSTOP_MAX_LOAD</td><td>pitstop.maxLoad</td><td>none</td></tr>
 *   <tr><td>--critical-load</td><td>PITSTOP_CRITICAL_LOAD</td><td>pitstop.criticalLoad</td><td>none</td></tr>
 *   <tr><td>--throttle-query</td><td>PITSTOP_THROTTLE_QUERY</td><td>pitstop.throttleQuery</td><td>none</td></tr>
 *   <tr><td>--throttle-query-critical</td><td>PITSTOP_THROTTLE_QUERY_CRITICAL</td><td>pitstop.throttleQueryCritical</td><td>none</td></tr>
 *   <tr><td>--max-pause</td><td>PITSTOP_MAX_PAUSE</td><td>pitstop.maxPause</td><td>24h</td></tr>
 * </table>
 */
record Settings(String url, String user, String password, List<String> locations, Duration lockWait,
                Duration ddlLockTimeout, Duration ddlRetryBudget, Duration chunkTime, Duration cutOverLockTimeout,
                Duration cutOverBudget, Duration instanceTimeout, Path previousQueries, ThrottleSettings throttle) {

    static final String DEFAULT_LOCATION = "db/migration";

    static Path propertiesFile() {
        return Path.of("pitstop.properties");
    }

    static Settings resolve(PitstopCli flags, Map<String, String> env, Path propertiesFile) {
        Properties file = new Properties();
        if (Files.isRegularFile(propertiesFile)) {
            try (Reader r = Files.newBufferedReader(propertiesFile)) {
                file.load(r);
            } catch (IOException e) {
                throw new PitstopException(ErrorCode.INVALID_CONFIG, "cannot read " + propertiesFile.toAbsolutePath() + ": " + e.getMessage());
            }
        }
        String locations = flags.locations == null || flags.locations.isEmpty() ? null : String.join(",", flags.locations);
        return new Settings(
                pick(flags.url, env, file, "url"),
                pick(flags.user, env, file, "user"),
                pick(flags.password, env, file, "password"),
                Arrays.stream(firstNonNull(pick(locations, env, file, "locations"), DEFAULT_LOCATION).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList(),
                duration("lock-wait", pick(flags.lockWait, env, file, "lockWait"), PitstopConfig.DEFAULT_LOCK_WAIT),
                duration("ddl-lock-timeout", pick(flags.ddlLockTimeout, env, file, "ddlLockTimeout"), PitstopConfig.DEFAULT_DDL_LOCK_TIMEOUT),
                duration("ddl-retry-budget", pick(flags.ddlRetryBudget, env, file, "ddlRetryBudget"), PitstopConfig.DEFAULT_DDL_RETRY_BUDGET),
                duration("chunk-time", pick(flags.chunkTime, env, file, "chunkTime"), PitstopConfig.DEFAULT_CHUNK_TIME),
                duration("cut-over-lock-timeout", pick(flags.cutOverLockTimeout, env, file, "cutOverLockTimeout"),
                        PitstopConfig.DEFAULT_CUT_OVER_LOCK_TIMEOUT),
                duration("cut-over-budget", pick(flags.cutOverBudget, env, file, "cutOverBudget"),
                        PitstopConfig.DEFAULT_CUT_OVER_BUDGET),
                duration("instance-timeout", pick(flags.instanceTimeout, env, file, "instanceTimeout"),
                        PitstopConfig.DEFAULT_INSTANCE_TIMEOUT),
                path(pick(flags.previousQueries, env, file, "previousQueries")),
                new ThrottleSettings(
                        duration("max-lag", pick(flags.maxLag, env, file, "maxLag"), null),
                        duration("critical-lag", pick(flags.criticalLag, env, file, "criticalLag"), null),
                        pick(flags.lagQuery, env, file, "lagQuery"),
                        integer("max-load", pick(flags.maxLoad, env, file, "maxLoad")),
                        integer("critical-load", pick(flags.criticalLoad, env, file, "criticalLoad")),
                        pick(flags.throttleQuery, env, file, "throttleQuery"),
                        number("throttle-query-critical", pick(flags.throttleQueryCritical, env, file,
                                "throttleQueryCritical")),
                        duration("max-pause", pick(flags.maxPause, env, file, "maxPause"),
                                ThrottleSettings.DEFAULT_MAX_PAUSE)));
    }

    /** The URL, or a usage error saying the three ways to give it. */
    String requireUrl() {
        if (url == null || url.isBlank()) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "no database URL: pass --url jdbc:postgresql://host:5432/db "
                    + "(or jdbc:mysql://host:3306/db), set PITSTOP_URL, or put pitstop.url in pitstop.properties");
        }
        return url;
    }

    private static String pick(String flag, Map<String, String> env, Properties file, String key) {
        if (flag != null) {
            return flag;
        }
        String envName = "PITSTOP_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        return file.getProperty("pitstop." + key);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.strip());
    }

    private static Integer integer(String name, String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static Double number(String name, String text) {
        try {
            return text == null || text.isBlank() ? null : Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, "--" + name + " must be a number, got '" + text + "'");
        }
    }

    /** A duration setting; see {@link Durations}. */
    static Duration duration(String name, String text, Duration fallback) {
        return Durations.parse("--" + name, text, fallback);
    }
}
