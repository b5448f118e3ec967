package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.ParserFlavor;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL: unquoted identifiers fold to lower case; lock waits are bounded with {@code lock_timeout}
 * (SQLSTATE 55P03 when it fires, 40P01 for a deadlock); connections are named {@code pitstop} in
 * pg_stat_activity.
 */
public final class PostgresDialect implements Dialect {
    static final String ID = "postgres";
    /** Lock wait given up, deadlock victim, and statement_timeout (which Pitstop sets on its copy session only). */
    private static final Set<String> RETRYABLE_STATES = Set.of("55P03", "40P01", "57014");

    private final int major;
    private final int minor;

    public PostgresDialect(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + major + "." + minor;
    }

    @Override
    public ParserFlavor parserFlavor() {
        return ParserFlavor.POSTGRES;
    }

    @Override
    public String normalizeIdentifier(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<Sql> sessionSetup() {
        return List.of(Sql.of("SET application_name = 'pitstop'"));
    }

    @Override
    public Sql captureSession() {
        return Sql.of("SELECT current_setting('application_name') AS application_name, "
                + "current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout");
    }

    @Override
    public List<Sql> restoreSession(Map<String, Object> captured) {
        return List.of(Sql.of("SELECT set_config('application_name', ?, false)",
                String.valueOf(captured.get("application_name"))), restoreLockTimeout(captured));
    }

    @Override
    public Sql restoreLockTimeout(Map<String, Object> captured) {
        return Sql.of("SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?, false)",
                String.valueOf(captured.get("lock_timeout")), String.valueOf(captured.get("statement_timeout")));
    }

    @Override
    public Sql lockTimeout(Duration timeout) {
        return Sql.of("SET lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState());
    }

    @Override
    public dev.pitstop.spi.ThrottleSql throttle() {
        return new PostgresThrottleSql();
    }

    @Override
    public StateSql state() {
        return new PostgresStateSql();
    }

    @Override
    public LockSql lock() {
        return new PostgresLockSql();
    }

    @Override
    public CatalogSql catalog() {
        return new PostgresCatalogSql();
    }

    @Override
    public Optional<RebuildSql> rebuild() {
        return Optional.of(new PostgresRebuildSql());
    }

    @Override
    public OnlineDdl onlineDdl() {
        return new PostgresOnlineDdl();
    }
}
