package dev.pitstop;

import dev.pitstop.event.MigrationListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Every setting Pitstop has, in one place, with its default. CLI flags, environment variables,
 * {@code pitstop.properties} and Maven parameters all map onto this record; bad values are rejected by
 * {@link Builder#load()} before the database is touched.
 *
 * @param dataSource where to migrate; Pitstop borrows connections and never closes the pool
 * @param locations where migration files live: {@code classpath:db/migration}, {@code filesystem:dir}
 *     or a plain directory path
 * @param classLoader used for {@code classpath:} locations
 * @param dialect force a dialect ("postgres", "mysql") instead of detecting it; null to detect
 * @param lockWait how long a run waits for another run's migration lock (default 5 min)
 * @param ddlLockTimeout how long one DDL statement may wait for a table lock before it gives up
 *     and is retried (default 2 s): a waiting DDL statement blocks the application behind it
 * @param ddlRetryBudget total time the retries of one DDL statement may take (default 60 s)
 * @param installedBy recorded in the history; defaults to the operating-system user
 * @param chunkTime how long one chunk of an online table copy should take (default 100 ms); the chunk
 *     size follows it
 * @param cutOverLockTimeout how long one cut-over attempt may wait for the table lock (default 1 s): the
 *     application's queries queue behind a waiting cut-over for at most this long
 * @param cutOverBudget total time for the cut-over's attempts (default 60 s)
 * @param heartbeatInterval how often a registered application instance ({@link Pitstop#register()})
 *     says it is alive (default 10 s)
 * @param instanceTimeout how long an instance may stay silent before {@code contract} counts it as gone
 *     (default 60 s)
 * @param previousQueries a file of the previous application version's own SQL (statements separated by
 *     {@code ;}): the compatibility checker refuses a step one of them would fail against; null for none
 * @param throttle when the copy pauses or stops: replica lag, server load, a query of the user's, and how
 *     long a pause may last (see {@link ThrottleSettings})
 * @param listener receives the run's events as they happen ({@link MigrationListener#NONE} by default)
 */
public record PitstopConfig(
        DataSource dataSource,
        List<String> locations,
        ClassLoader classLoader,
        String dialect,
        Duration lockWait,
        Duration ddlLockTimeout,
        Duration ddlRetryBudget,
        String installedBy,
        Duration chunkTime,
        Duration cutOverLockTimeout,
        Duration cutOverBudget,
        Duration heartbeatInterval,
        Duration instanceTimeout,
        Path previousQueries,
        ThrottleSettings throttle,
        MigrationListener listener) {

    public static final String DEFAULT_LOCATION = "classpath:db/migration";
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DDL_LOCK_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DDL_RETRY_BUDGET = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CHUNK_TIME = Duration.ofMillis(100);
    public static final Duration DEFAULT_CUT_OVER_LOCK_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CUT_OVER_BUDGET = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INSTANCE_TIMEOUT = Duration.ofSeconds(60);

    public PitstopConfig {
        locations = List.copyOf(locations);
    }

    /** Fluent builder; {@link #load()} validates and returns the facade. */
    public static final class Builder {
        private DataSource dataSource;
        private final List<String> locations = new ArrayList<>();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private String dialect;
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private Duration ddlLockTimeout = DEFAULT_DDL_LOCK_TIMEOUT;
        private Duration ddlRetryBudget = DEFAULT_DDL_RETRY_BUDGET;
        private String installedBy = System.getProperty("user.name", "pitstop");
        private Duration chunkTime = DEFAULT_CHUNK_TIME;
        private Duration cutOverLockTimeout = DEFAULT_CUT_OVER_LOCK_TIMEOUT;
        private Duration cutOverBudget = DEFAULT_CUT_OVER_BUDGET;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration instanceTimeout = DEFAULT_INSTANCE_TIMEOUT;
        private Path previousQueries;
        private Duration maxLag;
        private Duration criticalLag;
        private String lagQuery;
        private Integer maxLoad;
        private Integer criticalLoad;
        private String throttleQuery;
        private Double throttleQueryCritical;
        private Duration maxPause = ThrottleSettings.DEFAULT_MAX_PAUSE;
        private final List<MigrationListener> listeners = new ArrayList<>();

        Builder() {
        }

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Replaces the locations; several may be given. */
        public Builder locations(String... locations) {
            return locations(List.of(locations));
        }

        public Builder locations(List<String> locations) {
            this.locations.clear();
            this.locations.addAll(locations);
            return this;
        }

        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        public Builder dialect(String dialect) {
            this.dialect = dialect;
            return this;
        }

        public Builder lockWait(Duration lockWait) {
            this.lockWait = lockWait;
            return this;
        }

        public Builder ddlLockTimeout(Duration ddlLockTimeout) {
            this.ddlLockTimeout = ddlLockTimeout;
            return this;
        }

        public Builder ddlRetryBudget(Duration ddlRetryBudget) {
            this.ddlRetryBudget = ddlRetryBudget;
            return this;
        }

        public Builder installedBy(String installedBy) {
            this.installedBy = installedBy;
            return this;
        }

        public Builder chunkTime(Duration chunkTime) {
            this.chunkTime = chunkTime;
            return this;
        }

        public Builder cutOverLockTimeout(Duration cutOverLockTimeout) {
            this.cutOverLockTimeout = cutOverLockTimeout;
            return this;
        }

        public Builder cutOverBudget(Duration cutOverBudget) {
            this.cutOverBudget = cutOverBudget;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder instanceTimeout(Duration instanceTimeout) {
            this.instanceTimeout = instanceTimeout;
            return this;
        }

        /**
         * The previous application version's own SQL, statements separated by {@code ;} (e.g. exported from
         * pg_stat_statements or performance_schema): {@code check}, {@code plan} and {@code migrate} refuse a step
         * one of them would fail against. Null (the default) for none.
         */
        public Builder previousQueries(Path previousQueries) {
            this.previousQueries = previousQueries;
            return this;
        }

        /** Replica lag above which the copy pauses until it is back at or below it; null (the default): not checked. */
        public Builder maxLag(Duration maxLag) {
            this.maxLag = maxLag;
            return this;
        }

        /** Replica lag above which the migration stops cleanly, resumable; null (the default): never. */
        public Builder criticalLag(Duration criticalLag) {
            this.criticalLag = criticalLag;
            return this;
        }

        /**
         * SQL returning the replica lag in seconds as one number, e.g. from a heartbeat table a replica receives:
         * {@code SELECT TIMESTAMPDIFF(MICROSECOND, ts, NOW(6)) / 1e6 FROM heartbeat}. Null (the default): the
         * server's own replication status.
         */
        public Builder lagQuery(String lagQuery) {
            this.lagQuery = lagQuery;
            return this;
        }

        /**
         * Server load above which the copy pauses (PostgreSQL: active backends of other sessions; MySQL/MariaDB:
         * Threads_running); null (the default): not checked.
         */
        public Builder maxLoad(Integer maxLoad) {
            this.maxLoad = maxLoad;
            return this;
        }

        /** Server load above which the migration stops cleanly, resumable; null (the default): never. */
        public Builder criticalLoad(Integer criticalLoad) {
            this.criticalLoad = criticalLoad;
            return this;
        }

        /** SQL returning one number; above 0 the copy pauses. Null (the default): none. */
        public Builder throttleQuery(String throttleQuery) {
            this.throttleQuery = throttleQuery;
            return this;
        }

        /** Value of the throttle query above which the migration stops cleanly; null (the default): never. */
        public Builder throttleQueryCritical(Double throttleQueryCritical) {
            this.throttleQueryCritical = throttleQueryCritical;
            return this;
        }

        /**
         * How long the copy may stay paused (throttled, or by {@code pitstop pause}) or the cut-over postponed
         * before the migration stops, resumable (default 24 h).
         */
        public Builder maxPause(Duration maxPause) {
            this.maxPause = maxPause;
            return this;
        }

        /**
         * Adds a listener for progress and lifecycle events ({@link dev.pitstop.event.MigrationEvent}); several may
         * be added, each receives every event. A listener's exception is logged, never fails the run.
         */
        public Builder listener(MigrationListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Validates the settings and returns a ready facade. Touches no database. */
        public Pitstop load() {
            return new Pitstop(build());
        }

        /**
         * Runs the compatibility checker offline over every migration file of the locations, in version order: the
         * schema is replayed from the files, so no data source is needed, but the dialect is. Throws for bad
         * settings, missing locations and bad file names; unsafe statements are findings of the result. With a
         * data source it runs connected instead ({@link Pitstop#check()}): the pending files only, with the data
         * checks, and the dialect detected.
         */
        public CheckResult check() {
            if (dataSource != null) {
                return load().check();
            }
            validate();
            if (dialect == null || dialect.isBlank()) {
                throw invalid("check needs the dialect the migrations are written for: postgres or mysql (CLI: --dialect)");
            }
            List<String> locs = locations.isEmpty() ? List.of(DEFAULT_LOCATION) : List.copyOf(locations);
            ClassLoader loader = Objects.requireNonNullElse(classLoader, PitstopConfig.class.getClassLoader());
            List<dev.pitstop.internal.load.MigrationScript> scripts = new dev.pitstop.internal.load.MigrationLoader(loader).load(locs);
            dev.pitstop.spi.ParserFlavor flavor = dialect.equals("mysql") ? dev.pitstop.spi.ParserFlavor.MYSQL
                    : dev.pitstop.spi.ParserFlavor.POSTGRES;
            return new dev.pitstop.internal.check.Checker(flavor,
                    dev.pitstop.internal.check.PreviousQueries.load(previousQueries, flavor)).check(scripts);
        }

        /** Validates the settings. */
        public PitstopConfig build() {
            validate();
            if (dataSource == null) {
                throw invalid("no data source: call dataSource(ds) (CLI: --url)");
            }
            String forced = dialect == null || dialect.isBlank() ? null : dialect;
            List<String> locs = locations.isEmpty() ? List.of(DEFAULT_LOCATION) : List.copyOf(locations);
            return new PitstopConfig(dataSource, locs, Objects.requireNonNullElse(classLoader,
                    PitstopConfig.class.getClassLoader()), forced, lockWait, ddlLockTimeout, ddlRetryBudget,
                    installedBy == null || installedBy.isBlank() ? "pitstop" : installedBy, chunkTime, cutOverLockTimeout,
                    cutOverBudget, heartbeatInterval, instanceTimeout, previousQueries, throttle(),
                    MigrationListener.of(listeners));
        }

        /**
         * Checks every setting but the data source, so front ends can refuse bad values before they open a
         * connection. Throws {@link PitstopException} with {@link ErrorCode#INVALID_CONFIG}.
         */
        public Builder validate() {
            for (String loc : locations) {
                if (loc == null || loc.isBlank()) {
                    throw invalid("empty migration location");
                }
            }
            positive("lockWait", lockWait);
            positive("ddlLockTimeout", ddlLockTimeout);
            positive("ddlRetryBudget", ddlRetryBudget);
            positive("chunkTime", chunkTime);
            positive("cutOverLockTimeout", cutOverLockTimeout);
            positive("cutOverBudget", cutOverBudget);
            positive("heartbeatInterval", heartbeatInterval);
            positive("instanceTimeout", instanceTimeout);
            if (instanceTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw invalid("instanceTimeout (" + instanceTimeout + ") is shorter than two heartbeatIntervals ("
                        + heartbeatInterval + "): a live instance would count as gone between two heartbeats");
            }
            if (cutOverBudget.compareTo(cutOverLockTimeout) < 0) {
                throw invalid("cutOverBudget (" + cutOverBudget + ") is shorter than cutOverLockTimeout ("
                        + cutOverLockTimeout + "): not even one attempt fits");
            }
            if (ddlRetryBudget.compareTo(ddlLockTimeout) < 0) {
                throw invalid("ddlRetryBudget (" + ddlRetryBudget + ") is shorter than ddlLockTimeout ("
                        + ddlLockTimeout + "): not even one attempt fits");
            }
            throttle().validate();
            if (previousQueries != null && !Files.isRegularFile(previousQueries)) {
                throw invalid("previousQueries: no such file " + previousQueries.toAbsolutePath()
                        + " (a file of the previous version's SQL, statements separated by ;)");
            }
            if (dialect != null && !dialect.isBlank() && !List.of("postgres", "mysql").contains(dialect)) {
                throw invalid("unknown dialect '" + dialect + "': use postgres or mysql, or leave it unset to detect");
            }
            return this;
        }

        private ThrottleSettings throttle() {
            return new ThrottleSettings(maxLag, criticalLag, blankToNull(lagQuery), maxLoad, criticalLoad,
                    blankToNull(throttleQuery), throttleQueryCritical, maxPause);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw invalid(name + " must be a positive duration, got " + value);
            }
        }

        private static PitstopException invalid(String message) {
            return new PitstopException(ErrorCode.INVALID_CONFIG, message);
        }
    }
}
