package dev.pitstop.internal.run;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.Secrets;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.DialectProvider;
import dev.pitstop.spi.ServerInfo;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The connected target: a JDBI over the caller's DataSource, the dialect chosen for its server, and the
 * handles the engine opens (each set up for Pitstop and reset before it returns to the pool).
 */
public final class Database implements AutoCloseable {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String schema;
    private final List<Handle> open = new ArrayList<>();

    private Database(Jdbi jdbi, Dialect dialect, String schema) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.schema = schema;
    }

    public static Database connect(PitstopConfig config) {
        Jdbi jdbi = Jdbi.create(config.dataSource());
        Handle probe = openHandle(jdbi);
        try {
            DatabaseMetaData md = probe.getConnection().getMetaData();
            ServerInfo server = new ServerInfo(md.getDatabaseProductName(), md.getDatabaseProductVersion(),
                    md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion(), Secrets.maskUrl(md.getURL()));
            Dialect dialect = provider(config, server).create(server);
            String schema = Handles.query(probe, dialect.catalog().currentSchema()).mapTo(String.class).one();
            return new Database(jdbi, dialect, schema);
        } catch (SQLException e) {
            throw new PitstopException(ErrorCode.CONNECTION_FAILED, "cannot read the database's metadata: " + e.getMessage(), e);
        } finally {
            probe.close();
        }
    }

    private static DialectProvider provider(PitstopConfig config, ServerInfo server) {
        List<DialectProvider> providers = new ArrayList<>();
        ServiceLoader.load(DialectProvider.class, config.classLoader()).forEach(providers::add);
        if (providers.isEmpty()) {
            ServiceLoader.load(DialectProvider.class, Database.class.getClassLoader()).forEach(providers::add);
        }
        for (DialectProvider p : providers) {
            if (config.dialect() != null ? p.id().equals(config.dialect()) : p.handles(server)) {
                return p;
            }
        }
        throw new PitstopException(ErrorCode.UNSUPPORTED_DATABASE, "no Pitstop dialect for " + server.describe() + " at "
                + server.url() + " (dialects on the classpath: " + providers.stream().map(DialectProvider::id).toList()
                + "); Pitstop supports PostgreSQL and MySQL/MariaDB: add pitstop-dialect-postgres or pitstop-dialect-mysql");
    }

    private static Handle openHandle(Jdbi jdbi) {
        try {
            return jdbi.open();
        } catch (ConnectionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PitstopException(ErrorCode.CONNECTION_FAILED, "cannot connect to the database: " + cause.getMessage()
                    + ". Check the URL, user and password, and that the server is running", cause);
        }
    }

    /** A new handle set up for Pitstop; closed (and reset) with this database. */
    public Handle open() {
        Handle h = openHandle(jdbi);
        dialect.sessionSetup().forEach(sql -> Handles.execute(h, sql));
        open.add(h);
        return h;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String schema() {
        return schema;
    }

    /** "PostgreSQL 15.19, schema public" for messages and results. */
    public String describe() {
        return dialect.describe() + ", " + (dialect.id().equals("mysql") ? "database " : "schema ") + schema;
    }

    @Override
    public void close() {
        for (Handle h : open) {
            try {
                if (!h.getConnection().isClosed()) {
                    dialect.sessionReset().forEach(sql -> Handles.execute(h, sql));
                }
            } catch (RuntimeException | SQLException ignored) {
                // the connection is going away anyway
            } finally {
                h.close();
            }
        }
        open.clear();
    }
}
