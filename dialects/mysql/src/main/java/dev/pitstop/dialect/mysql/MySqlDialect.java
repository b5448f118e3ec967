package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.CatalogSql;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.ParserFlavor;
import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MySQL and MariaDB. Table names are case-sensitive on Linux servers, so identifiers are only unquoted,
 * never folded. DDL waits for metadata locks, bounded with the session's {@code lock_wait_timeout}
 * (whole seconds); error 1205 is a lock wait that gave up, 1213 a deadlock.
 */
public final class MySqlDialect implements Dialect {
    static final String ID = "mysql";
    /** Lock wait timeout, deadlock, and a statement time limit (MariaDB 1969, MySQL 3024) the copy sets on itself. */
    private static final Set<Integer> RETRYABLE_ERRORS = Set.of(1205, 1213, 1969, 3024);

    private final Flavour flavour;

    public MySqlDialect(Flavour flavour) {
        this.flavour = flavour;
    }

    public Flavour flavour() {
        return flavour;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String describe() {
        return flavour.describe();
    }

    @Override
    public ParserFlavor parserFlavor() {
        return ParserFlavor.MYSQL;
    }

    @Override
    public String normalizeIdentifier(String written) {
        if (written.length() >= 2 && (written.startsWith("`") && written.endsWith("`")
                || written.startsWith("\"") && written.endsWith("\""))) {
            char q = written.charAt(0);
            return written.substring(1, written.length() - 1).replace("" + q + q, "" + q);
        }
        return written;
    }

    @Override
    public List<Sql> sessionSetup() {
        return List.of();
    }

    /** The settings Pitstop changes on a borrowed connection (the rebuild's copy changes the last three). */
    @Override
    public Sql captureSession() {
        return Sql.of("SELECT @@SESSION.lock_wait_timeout AS lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout "
                + "AS innodb_lock_wait_timeout, @@SESSION." + isolationVariable() + " AS isolation"
                + (flavour.mariaDb() ? ", @@SESSION.max_statement_time AS max_statement_time" : ""));
    }

    private String isolationVariable() {
        return flavour.mariaDb() ? "tx_isolation" : "transaction_isolation";
    }

    @Override
    public java.util.Optional<dev.pitstop.spi.RebuildSql> rebuild() {
        return java.util.Optional.of(new MySqlRebuildSql(flavour));
    }

    @Override
    public List<Sql> restoreSession(Map<String, Object> captured) {
        return List.of(restoreLockTimeout(captured));
    }

    @Override
    public Sql restoreLockTimeout(Map<String, Object> captured) {
        Object value = captured.get("lock_wait_timeout");
        Object rowLocks = captured.get("innodb_lock_wait_timeout");
        Object isolation = captured.get("isolation");
        Object statementTime = captured.get("max_statement_time");
        // @pitstop_sync: a borrowed connection must not go back marked as Pitstop's own writer
        return Sql.of("SET SESSION lock_wait_timeout = " + (value instanceof Number n ? n.longValue() : 31536000L)
                + ", @pitstop_sync = NULL, @pitstop_tombstones = NULL"
                + (rowLocks instanceof Number n ? ", innodb_lock_wait_timeout = " + n.longValue() : "")
                + (isolation instanceof String s && s.matches("[A-Z-]+") ? ", " + isolationVariable() + " = '" + s + "'" : "")
                + (statementTime instanceof Number n ? ", max_statement_time = " + n.doubleValue() : ""));
    }

    /**
     * Table (metadata) locks and InnoDB's row locks have separate limits here; both are set, so a write to one of
     * Pitstop's own rows that another session holds ({@code pitstop pause} against a held control row) waits as long
     * as a DDL would, not InnoDB's 50 s. {@link #captureSession()} reads both and {@link #restoreLockTimeout} puts
     * both back.
     */
    @Override
    public Sql lockTimeout(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return Sql.of("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds);
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return RETRYABLE_ERRORS.contains(e.getErrorCode());
    }

    @Override
    public dev.pitstop.spi.ThrottleSql throttle() {
        return new MySqlThrottleSql(flavour);
    }

    @Override
    public StateSql state() {
        return new MySqlStateSql();
    }

    @Override
    public LockSql lock() {
        return new MySqlLockSql();
    }

    @Override
    public CatalogSql catalog() {
        return new MySqlCatalogSql(flavour);
    }

    @Override
    public OnlineDdl onlineDdl() {
        return new MySqlOnlineDdl(flavour);
    }
}
