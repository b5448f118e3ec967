package dev.pitstop.testkit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases of one test class, injected by {@link DatabasesExtension} into classes annotated with
 * {@link WithDatabases}. It owns every database it created: {@link #postgres()} and {@link #mysql()}
 * (created on first call, then the same one), and every {@link #fresh} one. All of them are dropped when
 * the class ends, unless {@code PITSTOP_TEST_KEEP_DATABASES=true}, in which case their names are logged.
 * Thread-safe.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);

    private final Function<DatabaseKind, Server> servers;
    private final boolean keep;
    private final String owner;
    private final Map<DatabaseKind, TestDatabase> primary = new EnumMap<>(DatabaseKind.class);
    private final List<TestDatabase> created = new ArrayList<>();
    private boolean closed;

    /**
     * @param servers gives the server of a kind, or throws (skip/fail) when there is none
     * @param owner   the test class, for log lines
     */
    TestDatabases(Function<DatabaseKind, Server> servers, boolean keep, String owner) {
        this.servers = servers;
        this.keep = keep;
        this.owner = owner;
    }

    /** The class's PostgreSQL database. */
    public TestDatabase postgres() {
        return get(DatabaseKind.POSTGRES);
    }

    /** The class's MySQL/MariaDB database. */
    public TestDatabase mysql() {
        return get(DatabaseKind.MYSQL);
    }

    /** The class's database of {@code kind}: created on the first call, the same one afterwards. */
    public synchronized TestDatabase get(DatabaseKind kind) {
        TestDatabase database = primary.get(kind);
        if (database == null) {
            database = fresh(kind);
            primary.put(kind, database);
        }
        return database;
    }

    /** Yet another new, empty database of {@code kind}; it too is dropped when the class ends. */
    public synchronized TestDatabase fresh(DatabaseKind kind) {
        if (closed) {
            throw new IllegalStateException("The databases of " + owner + " were already dropped (class ended)");
        }
        Server server = servers.apply(kind);
        String name = DatabaseAdmin.newName();
        try {
            DatabaseAdmin.create(server, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + server.description()
                    + ": " + e.getMessage(), e);
        }
        TestDatabase database = new TestDatabase(server, name);
        created.add(database);
        return database;
    }

    /** Every database created so far, oldest first. */
    synchronized List<TestDatabase> created() {
        return List.copyOf(created);
    }

    /**
     * Drops every database this object created (or logs them when kept). Tries all of them and then
     * throws if any drop failed.
     */
    synchronized void dropAll() {
        if (closed) {
            return;
        }
        closed = true;
        if (keep) {
            for (TestDatabase database : created) {
                LOG.info("Keeping {} database {} of {} on {} ({}=true); jdbc url {}", database.kind().displayName(),
                        database.name(), owner, database.server(), Settings.KEEP_DATABASES, database.jdbcUrl());
            }
            return;
        }
        IllegalStateException failure = null;
        for (TestDatabase database : created) {
            try {
                DatabaseAdmin.drop(database.serverHandle(), database.name());
            } catch (SQLException | RuntimeException e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not drop test database(s) of " + owner);
                }
                failure.addSuppressed(new IllegalStateException("drop " + database.name() + " on "
                        + database.server() + ": " + e.getMessage(), e));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized String toString() {
        return "TestDatabases[" + owner + ": " + created + "]";
    }
}
