package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
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
import java.sql.Statement;
import java.time.Duration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RENAME TABLE: the previous version keeps reading and writing the old name through an updatable view until
 * contract; the swap leaves no instant without the old name (the previous version's writer sees no error);
 * abort renames back; a run stopped part-way resumes or aborts cleanly.
 */
@WithDatabases
class RenameTableIT {
    private static final Logger LOG = LoggerFactory.getLogger(RenameTableIT.class);
    private static final String TABLE = "CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, "
            + "balance INT NOT NULL DEFAULT 0)";
    /** Ids of the rows the versions insert and delete again, above every row they keep. */
    private static final int SCRATCH = 500_000;

    /**
     * A version that uses {@code table}: inserts a row (with the default balance) and inserts and deletes a scratch
     * row, updates the name and the balance.
     */
    static LifecycleHarness.App writesAndReads(String table) {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO " + table + " (id, name) VALUES (?, ?)", id, value);
                exec(c, "INSERT INTO " + table + " (id, name) VALUES (?, 'scratch')", id + SCRATCH);
                exec(c, "DELETE FROM " + table + " WHERE id = ?", id + SCRATCH);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE " + table + " SET name = ?, balance = balance + 1 WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                return rows(c, "SELECT id, name, balance FROM " + table + " WHERE id < " + SCRATCH + " ORDER BY id DESC");
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theOldNameKeepsWorkingThroughAViewUntilContract(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), writesAndReads("accounts"), writesAndReads("customers"))
                .afterExpand(() -> assertThat(isView(db, "accounts")).as("the old name, a view after expand").isTrue())
                .afterAbort(() -> {
                    assertThat(Schema.tableExists(db, "customers")).as("the new name after abort").isFalse();
                    assertThat(isView(db, "accounts")).isFalse();
                })
                .run(TABLE + ";\n", "ALTER TABLE accounts RENAME TO customers;\n", 50, MigrationState.EXPANDED, () -> {
                    assertThat(Schema.tableExists(db, "accounts")).as("the view is gone after contract").isFalse();
                    assertThat(isView(db, "customers")).isFalse();
                    assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers WHERE id >= " + SCRATCH)).as("scratch rows")
                            .isZero();
                    assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers WHERE balance > 0")).as("rows updated")
                            .isPositive();
                });
    }

    /** Four writers of the old name in tight loops while the rename is expanded and aborted five times. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theSwapLeavesNoInstantWithoutTheOldName(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "ALTER TABLE accounts RENAME TO customers;\n");
        Pitstop pitstop = files.pitstop(db);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ops = new AtomicInteger();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int first = w * 1_000_000;
            Thread t = new Thread(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    for (int n = first; !stop.get(); n++) {
                        try {
                            st.execute("INSERT INTO accounts (id, name) VALUES (" + n + ", 'w')");
                            st.executeQuery("SELECT balance FROM accounts WHERE id = " + n).close();
                            ops.incrementAndGet();
                        } catch (SQLException e) {
                            errors.add(e.getMessage());
                        }
                    }
                } catch (SQLException e) {
                    errors.add(e.getMessage());
                }
            });
            t.start();
            writers.add(t);
        }
        try {
            for (int round = 0; round < 5; round++) {
                pitstop.migrate();
                pitstop.abort();
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
        }
        LOG.info("{}: {} writes of the old name across 5 renames and 5 aborts, {} errors", kind, ops.get(), errors.size());
        assertThat(errors).as("errors of the old name's writers").isEmpty();
        assertThat(ops.get()).isPositive();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM accounts")).isEqualTo(ops.get());
    }

    @Test
    void mySqlRenameTableRunsTheSameWay(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute(TABLE);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "RENAME TABLE `accounts` TO `customers`;\n");
        Pitstop pitstop = files.pitstop(db);

        pitstop.migrate();
        db.execute("INSERT INTO accounts (id, name) VALUES (1, 'old')", "INSERT INTO customers (id, name) VALUES (2, 'new')");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM accounts")).isEqualTo(2);
        pitstop.contract();
        assertThat(Schema.tableExists(db, "accounts")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isEqualTo(2);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE '%pitstop%' AND table_name NOT LIKE 'pitstop\\_%'")).as("helpers left").isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRenameThatCannotGetItsLockLeavesTheOldNameAndResumesOrAbortsCleanly(DatabaseKind kind, TestDatabases dbs,
                                                                              @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE, "INSERT INTO accounts (id, name) VALUES (1, 'one')");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "ALTER TABLE accounts RENAME TO customers;\n");
        Pitstop blocked = files.configure(db).ddlLockTimeout(Duration.ofMillis(200)).ddlRetryBudget(Duration.ofSeconds(1)).load();

        for (boolean abortFirst : new boolean[] {true, false}) {
            try (Connection reader = db.connect(); Statement st = reader.createStatement()) {
                reader.setAutoCommit(false);
                st.execute("SELECT COUNT(*) FROM accounts");
                assertThatThrownBy(blocked::migrate).isInstanceOfSatisfying(PitstopException.class,
                        e -> assertThat(e.getMessage()).contains("could not get its lock", "run migrate again"));
                reader.rollback();
            }
            assertThat(isView(db, "accounts")).as("the old name is still the table").isFalse();
            db.execute("INSERT INTO accounts (id, name) VALUES (" + (abortFirst ? 2 : 3) + ", 'after the failure')");
            if (abortFirst) {
                blocked.abort();
                assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name "
                        + "IN ('customers', '_accounts__pitstop_view', '_accounts__pitstop_parked') AND table_schema = "
                        + Schema.current(db))).as("what the failed expand prepared is gone").isZero();
            }
        }
        blocked.migrate();
        assertThat(isView(db, "accounts")).isTrue();
        blocked.contract();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isEqualTo(3);
    }

    /** As a run killed after the swap and before it recorded the step (MySQL: before it dropped the placeholder). */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRunKilledAfterTheSwapIsRecognisedAndItsLeftoverGoesAtContract(DatabaseKind kind, TestDatabases dbs,
                                                                        @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "ALTER TABLE accounts RENAME TO customers;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        db.execute("UPDATE pitstop_steps SET state = 'RUNNING'", "UPDATE pitstop_history SET state = 'FAILED'");
        if (kind == DatabaseKind.MYSQL) {
            db.execute("CREATE VIEW _accounts__pitstop_parked AS SELECT * FROM accounts AS pitstop_rename_placeholder");
        }

        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        db.execute("INSERT INTO accounts (id, name) VALUES (1, 'old')");
        pitstop.contract();
        assertThat(Schema.tableExists(db, "_accounts__pitstop_parked")).isFalse();
        assertThat(Schema.tableExists(db, "accounts")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM customers")).isOne();
    }

    /** PostgreSQL: an application role that is not the view's owner keeps its grants under the old name. */
    @Test
    void theViewCarriesTheTablesGrants(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("DO $$ BEGIN CREATE ROLE pitstop_it_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$", TABLE,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON accounts TO pitstop_it_app");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "ALTER TABLE accounts RENAME TO customers;\n");
        files.pitstop(db).migrate();

        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE pitstop_it_app");
            st.execute("INSERT INTO accounts (id, name) VALUES (1, 'as the application role')");
            st.execute("UPDATE accounts SET balance = 5 WHERE id = 1");
            st.execute("INSERT INTO customers (id, name) VALUES (2, 'new name')");
            st.execute("DELETE FROM accounts WHERE id = 2");
        }
        assertThat(Schema.count(db, "SELECT balance FROM customers WHERE id = 1")).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesWhenTheNewNameExistsOrTheTableHasTriggers(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE, "CREATE TABLE customers (id INT PRIMARY KEY)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__rename.sql", "ALTER TABLE accounts RENAME TO customers;\n");
        Pitstop pitstop = files.pitstop(db);
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("customers already exists", "Drop or rename customers");
        });

        db.execute("DROP TABLE customers");
        if (kind == DatabaseKind.POSTGRES) {
            db.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                    "CREATE TRIGGER accounts_touch BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION touch()");
        } else {
            db.execute("CREATE TRIGGER accounts_touch BEFORE INSERT ON accounts FOR EACH ROW SET NEW.balance = NEW.balance");
        }
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("trigger(s) accounts_touch", "create them again on customers"));
        assertThat(isView(db, "accounts")).isFalse();
        assertThat(Schema.tableExists(db, "customers")).isFalse();

        if (kind == DatabaseKind.MYSQL) {
            db.execute("DROP TRIGGER accounts_touch", "CREATE VIEW rich_accounts AS SELECT id FROM accounts WHERE balance > 100");
            assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                    e -> assertThat(e.getMessage()).contains("view(s) rich_accounts", "would break when contract drops"));
            assertThat(Schema.tableExists(db, "customers")).isFalse();
        }
    }

    static boolean isView(TestDatabase db, String name) {
        return Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = " + Schema.current(db)
                + " AND table_name = '" + name + "' AND table_type = 'VIEW'") > 0;
    }
}
