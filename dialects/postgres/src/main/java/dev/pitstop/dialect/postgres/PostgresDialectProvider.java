package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.DialectProvider;
import dev.pitstop.spi.ServerInfo;

/** Finds PostgreSQL servers (13 and later). */
public final class PostgresDialectProvider implements DialectProvider {

    @Override
    public String id() {
        return PostgresDialect.ID;
    }

    @Override
    public boolean handles(ServerInfo server) {
        return "PostgreSQL".equalsIgnoreCase(server.productName());
    }

    @Override
    public Dialect create(ServerInfo server) {
        return new PostgresDialect(server.majorVersion(), server.minorVersion());
    }
}
