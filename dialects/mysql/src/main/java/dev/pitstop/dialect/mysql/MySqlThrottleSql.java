package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.Sql;
import dev.pitstop.spi.ThrottleSql;
import java.util.List;
import java.util.Optional;

/**
 * The throttler's signals on MySQL and MariaDB: the server's own replication delay when it is a replica
 * (no row, so 0, when it is not; NULL, unreadable, when its replication is stopped), and
 * {@code Threads_running}, which counts the asking session too.
 */
final class MySqlThrottleSql implements ThrottleSql {
    private final Flavour flavour;

    MySqlThrottleSql(Flavour flavour) {
        this.flavour = flavour;
    }

    @Override
    public Optional<SignalQuery> replicaLag() {
        // SHOW REPLICA STATUS since MariaDB 10.5.1 and MySQL 8.0.22; MySQL 8.4 dropped SHOW SLAVE STATUS
        boolean replica = flavour.mariaDb() ? flavour.major() > 10 || flavour.major() == 10 && flavour.minor() >= 6
                : flavour.major() > 8 || flavour.major() == 8 && flavour.minor() >= 1;
        return Optional.of(new SignalQuery(Sql.of(replica ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS"),
                List.of("Seconds_Behind_Source", "Seconds_Behind_Master"), 0));
    }

    @Override
    public Optional<SignalQuery> serverLoad() {
        return Optional.of(new SignalQuery(Sql.of("SHOW GLOBAL STATUS LIKE 'Threads_running'"), List.of("Value"), 0));
    }
}
