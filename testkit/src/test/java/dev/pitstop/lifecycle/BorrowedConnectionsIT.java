package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The library borrows the application's connections: it must work when the pool hands out
 * connections with auto-commit off, and give every connection back with the session settings it had.
 * A step that failed is run again on the next migrate, never taken as done because its object exists.
 */
@WithDatabases
class BorrowedConnectionsIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void connectionsWithoutAutoCommitWorkAndComeBackWithTheirSettings(DatabaseKind kind, TestDatabases dbs,
                                                                     @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        RecordingDataSource pool = new RecordingDataSource(db.dataSource(), kind);

        assertThat(new MigrationFiles(dir).standardThree().configure(db).dataSource(pool).load().migrate().applied())
                .hasSize(3);

        assertThat(pool.borrowed).isNotEmpty();
        for (Connection c : pool.borrowed) {
            assertThat(c.getAutoCommit()).as("auto-commit given back as the pool set it").isFalse();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(kind == DatabaseKind.POSTGRES
                    ? "SELECT current_setting('lock_timeout') || '/' || current_setting('application_name')"
                    : "SELECT CONCAT(@@SESSION.lock_wait_timeout, '/app')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(kind == DatabaseKind.POSTGRES ? "7s/shop" : "7/app");
            }
            c.rollback();
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailedStepIsRunAgainAndNotTakenAsDoneBecauseItsObjectExists(DatabaseKind kind, TestDatabases dbs,
                                                                     @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE customers (legacy_id INT)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_customers.sql", MigrationFiles.CREATE_TABLE);

        for (int run = 1; run <= 2; run++) {
            assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED));
        }
        assertThat(files.pitstop(db).status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.FAILED));
        assertThat(Schema.columns(db, "customers")).containsExactly("legacy_id");
    }

    /** Hands out connections as an application pool configured with auto-commit off and its own session settings would. */
    private static final class RecordingDataSource implements DataSource {
        private final DataSource target;
        private final DatabaseKind kind;
        final List<Connection> borrowed = new ArrayList<>();

        RecordingDataSource(DataSource target, DatabaseKind kind) {
            this.target = target;
            this.kind = kind;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = target.getConnection();
            try (Statement st = c.createStatement()) {
                if (kind == DatabaseKind.POSTGRES) {
                    st.execute("SET lock_timeout = '7s'");
                    st.execute("SET application_name = 'shop'");
                } else {
                    st.execute("SET SESSION lock_wait_timeout = 7");
                }
            }
            c.setAutoCommit(false);
            borrowed.add(c);
            return new UnclosableConnection(c).proxy();
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /**
     * A pooled connection: close() gives it back, rolling back what is open as pools do (here the physical
     * connection stays open so that the test can look at it).
     */
    private record UnclosableConnection(Connection target) {
        Connection proxy() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (p, method, args) -> {
                        if (method.getName().equals("close")) {
                            if (!target.getAutoCommit()) {
                                target.rollback();
                            }
                            return null;
                        }
                        if (method.getName().equals("isClosed")) {
                            return false;
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
