package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.DialectProvider;
import dev.pitstop.spi.ServerInfo;

/** Finds MySQL 8 and MariaDB 10.6+ servers (Connector/J reports MariaDB as "MySQL"; the version tells). */
public final class MySqlDialectProvider implements DialectProvider {

    @Override
    public String id() {
        return MySqlDialect.ID;
    }

    @Override
    public boolean handles(ServerInfo server) {
        String name = server.productName().toLowerCase();
        return name.contains("mysql") || name.contains("mariadb");
    }

    @Override
    public Dialect create(ServerInfo server) {
        return new MySqlDialect(Flavour.of(server.productVersion()));
    }
}
