package dev.pitstop.internal.run;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.Secrets;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.DialectProvider;
import dev.pitstop.spi.ServerInfo;
import dev.pitstop.spi.Sql;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final List<Borrowed> open = new ArrayList<>();

    /** A connection borrowed from the caller's pool and what to give back with it. */
    private record Borrowed(Handle handle, boolean autoCommit, Map<String, Object> session) {
    }

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

    /**
     * A new handle set up for Pitstop, in auto-commit mode (online index builds cannot run in a
     * transaction); closed with this database after its auto-commit mode and session settings are put
     * back as the pool gave them.
     */
    public Handle open() {
        Handle h = openHandle(jdbi);
        try {
            boolean autoCommit = h.getConnection().getAutoCommit();
            if (!autoCommit) {
                h.getConnection().setAutoCommit(true);
            }
            Map<String, Object> session = Handles.query(h, dialect.captureSession()).mapToMap().one();
            open.add(new Borrowed(h, autoCommit, session));
        } catch (SQLException | RuntimeException e) {
            h.close();
            throw new PitstopException(ErrorCode.CONNECTION_FAILED, "cannot prepare a connection: " + e.getMessage(), e);
        }
        dialect.sessionSetup().forEach(sql -> Handles.execute(h, sql));
        return h;
    }

    /** Puts back the lock wait the pool's connection had before Pitstop bounded it. */
    Sql restoreLockTimeout(Handle h) {
        return dialect.restoreLockTimeout(borrowed(h).session());
    }

    private Borrowed borrowed(Handle h) {
        return open.stream().filter(b -> b.handle() == h).findFirst()
                .orElseThrow(() -> new IllegalStateException("handle not opened by this database"));
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
        for (Borrowed b : open) {
            Handle h = b.handle();
            try {
                if (!h.getConnection().isClosed()) {
                    dialect.restoreSession(b.session()).forEach(sql -> Handles.execute(h, sql));
                    h.getConnection().setAutoCommit(b.autoCommit());
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
