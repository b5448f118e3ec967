package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every wait is bounded: the migration lock held by someone else, and a table lock held by an open
 * transaction of the application. Both give up within their budget, say who holds the lock, leave the
 * database resumable, and a later run finishes.
 */
@WithDatabases
class BoundedWaitsIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRunGivesUpOnTheMigrationLockAndNamesItsHolder(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir).standardThree();
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holdMigrationLock(kind, db, st);
            Pitstop pitstop = files.configure(db).lockWait(Duration.ofSeconds(1)).load();
            long started = System.nanoTime();
            assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                assertThat(e.getMessage()).contains("pitstop:").containsPattern(kind == DatabaseKind.POSTGRES
                        ? "pid \\d+" : "connection \\d+");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(Schema.tableExists(db, "customers")).isFalse();
        assertThat(new MigrationFiles(dir).pitstop(db).migrate().applied()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void ddlBlockedByAnOpenTransactionGivesUpWithinItsBudgetAndResumesLater(DatabaseKind kind, TestDatabases dbs,
                                                                           @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL)");
        MigrationFiles files = new MigrationFiles(dir).standardThree();
        files.write("V1__create_customers.sql", "CREATE TABLE IF NOT EXISTS customers (id BIGINT PRIMARY KEY);\n");
        Pitstop pitstop = files.configure(db).ddlLockTimeout(Duration.ofMillis(300))
                .ddlRetryBudget(Duration.ofSeconds(2)).load();

        try (Connection app = db.connect(); Statement st = app.createStatement()) {
            app.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customers")) {
                rs.next();
            }
            long started = System.nanoTime();
            assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                assertThat(e.exitCode()).isEqualTo(3);
                assertThat(e.getMessage()).contains("V2", "step 1 of 1", "could not get its lock", "attempts",
                        "run migrate again");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            app.rollback();
        }
        assertThat(pitstop.status().migrations()).extracting(m -> m.state())
                .containsExactly(MigrationState.COMPLETED, MigrationState.FAILED, MigrationState.PENDING);
        if (kind == DatabaseKind.POSTGRES) {
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM pg_index WHERE indisvalid"
                    + " AND indexrelid = to_regclass('customers_email_idx')")).as("no valid half-built index").isZero();
        } else {
            assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isFalse();
        }

        assertThat(pitstop.migrate().applied()).hasSize(2);
        assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isTrue();
        assertThat(Schema.columns(db, "customers")).contains("phone", "tier");
        assertThat(pitstop.status().migrations()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
    }

    private static void holdMigrationLock(DatabaseKind kind, TestDatabase db, Statement st) throws Exception {
        if (kind == DatabaseKind.POSTGRES) {
            int key = ("pitstop:" + "public").hashCode() & 0x7fffffff;
            st.execute("SELECT pg_advisory_lock(" + 0x50495453 + ", " + key + ")");
        } else {
            st.execute("SELECT GET_LOCK('pitstop:" + db.name() + "', 0)");
        }
    }
}
