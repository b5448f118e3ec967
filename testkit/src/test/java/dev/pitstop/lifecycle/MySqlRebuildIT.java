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
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online table rebuild on MySQL/MariaDB: MODIFY (and MODIFY with ADD COLUMN) through a shadow table,
 * triggers, a non-locking chunked copy, checksums and one RENAME, under the zero-downtime oracle.
 */
@WithDatabases(DatabaseKind.MYSQL)
class MySqlRebuildIT {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlRebuildIT.class);
    private static final int ROWS = 200_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MODIFY qty BIGINT NOT NULL                                   | qty  | bigint",
            "ADD COLUMN flag TINYINT NOT NULL DEFAULT 1, MODIFY note VARCHAR(255) | note | varchar(255)"})
    void concurrentWritersLoseNothingSeeNoErrorAndWaitUnderASecond(String change, String column, String type,
                                                                   TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        for (String t : new String[] {"orders", "orders_twin"}) {
            // VARCHAR(60) to VARCHAR(255) needs a second length byte in utf8mb4: InnoDB cannot do it in place
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(60), "
                    + "total_cents BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
        db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq), seq * 3 FROM " + db.numbers(ROWS),
                "INSERT INTO orders_twin SELECT * FROM orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__change.sql", "ALTER TABLE orders " + change + ";\n");
        Pitstop pitstop = files.pitstop(db);
        assertThat(pitstop.plan().pending().get(0).steps().get(0).kind()).isEqualTo("rebuild-table");

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload during the rebuild: {}", report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(report.deletes() + report.keyChanges()).isGreaterThan(report.transactions() / 5);
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(columnType(db, "orders", column)).isEqualTo(type);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "AND t.qty = o.qty AND t.note <=> o.note AND t.total_cents = o.total_cents WHERE t.id IS NULL"))
                .as("rows of the table without an equal twin row").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM orders_twin"));

        assertThat(pitstop.contract().contracted()).hasSize(1);
        assertThat(Schema.tableExists(db, "orders__pitstop_old")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isZero();
    }

    @Test
    void userTriggersKeepFiringOnceThroughTheCopyAndAfterTheCutOverAndGetTheirNamesBack(TestDatabases dbs,
                                                                                       @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE audit (tbl VARCHAR(20), order_id BIGINT) ENGINE=InnoDB");
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(200), "
                            + "total_cents BIGINT NOT NULL) ENGINE=InnoDB",
                    "CREATE TRIGGER " + t + "_mark BEFORE UPDATE ON " + t + " FOR EACH ROW SET NEW.note = CONCAT(NEW.note, '!')",
                    "CREATE TRIGGER " + t + "_audit AFTER INSERT ON " + t + " FOR EACH ROW INSERT INTO audit VALUES ('" + t
                            + "', NEW.id)");
        }
        db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq), seq * 3 FROM " + db.numbers(100000),
                "INSERT INTO orders_twin SELECT * FROM orders", "DELETE FROM audit");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", 100_000, 4, 150).start()) {
            Thread.sleep(500);
            pitstop.migrate();
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload with user triggers: {}", report);
        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(columnType(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "AND t.qty = o.qty AND t.note <=> o.note AND t.total_cents = o.total_cents WHERE t.id IS NULL"))
                .as("rows whose BEFORE UPDATE trigger did not fire exactly like the twin's").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders'")).as("audited inserts")
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders_twin'")).isPositive();

        assertThat(db.queryForList("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = 'orders' AND trigger_name NOT LIKE 'orders\\_\\_pitstop\\_back\\_sync\\_%' "
                + "ORDER BY trigger_name")).extracting(r -> r.values().iterator().next())
                .as("right after the cut-over the triggers have their names back").containsExactly("orders_audit", "orders_mark");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = 'orders' AND trigger_name NOT LIKE 'orders\\_\\_pitstop\\_%' "
                + "AND action_statement LIKE '%pitstop%'")).as("no trigger of the user keeps Pitstop's guard").isZero();
        pitstop.contract();
        db.execute("INSERT INTO orders VALUES (-1, 1, 'x', 0)", "UPDATE orders SET note = 'y' WHERE id = -1");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders' AND order_id = -1")).isOne();
        assertThat(db.queryForObject("SELECT note FROM orders WHERE id = -1", String.class)).isEqualTo("y!");
    }

    /** What InnoDB can do in the data dictionary alone runs ALGORITHM=INSTANT: nothing is copied, nothing is left. */
    @Test
    void aChangeTheServerCanMakeInPlaceIsMadeInstantlyWithoutACopy(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(100), "
                        + "status ENUM('new', 'paid') NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "INSERT INTO orders SELECT seq, seq, CONCAT('n', seq), 'paid' FROM " + db.numbers(100000));
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__longer.sql", "ALTER TABLE orders MODIFY note VARCHAR(200), MODIFY status ENUM('new', 'paid', "
                + "'shipped') NOT NULL, ADD COLUMN flag TINYINT NOT NULL DEFAULT 1;\n");
        Pitstop pitstop = files.pitstop(db);
        // MySQL has no compound statement to catch the server's refusal in, so it always rebuilds
        org.junit.jupiter.api.Assumptions.assumeTrue(db.queryForObject("SELECT VERSION()", String.class).contains("MariaDB"),
                "in-place changes are tried on MariaDB only");
        assertThat(pitstop.plan().pending().get(0).steps().get(0).actions().get(0).sql()).contains("ALGORITHM=INSTANT");

        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(columnType(db, "orders", "note")).isEqualTo("varchar(200)");
        assertThat(columnType(db, "orders", "status")).isEqualTo("enum('new','paid','shipped')");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE 'orders\\_\\_pitstop%'")).as("helper tables").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE flag = 1")).isEqualTo(100_000);
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("in place", "new migration", "nothing was changed"));
        assertThat(pitstop.contract().contracted()).hasSize(1);

        // a change InnoDB refuses to make in place is rebuilt; the refusal never reaches the pool, which would
        // close the connection (HikariCP does on SQLSTATE 0A000, the state of that refusal)
        files.write("V2__wider.sql", "ALTER TABLE orders MODIFY note VARCHAR(300);\n");
        db.execute("ALTER TABLE orders MODIFY note VARCHAR(60)");
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(3);
        try (com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource(pool)) {
            Pitstop pooled = files.configure(db).dataSource(hikari).load();
            assertThat(pooled.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            assertThat(Schema.tableExists(db, "orders__pitstop_old")).as("rebuilt").isTrue();
            assertThat(pooled.contract().contracted()).hasSize(1);
        }
        assertThat(columnType(db, "orders", "note")).isEqualTo("varchar(300)");
    }

    @Test
    void theAutoIncrementCounterAndTimestampDefaultsComeAlong(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE events (id INT AUTO_INCREMENT PRIMARY KEY, qty INT NOT NULL, "
                        + "created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB",
                "INSERT INTO events (qty, created_at) SELECT seq, '2001-02-03 04:05:06' FROM " + db.numbers(100),
                "DELETE FROM events WHERE id > 90");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE events MODIFY qty BIGINT NOT NULL;\n");

        int next = db.queryForObject("SELECT auto_increment FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = 'events'", Integer.class);
        assertThat(next).isGreaterThan(100);

        files.pitstop(db).migrate();
        db.execute("INSERT INTO events (qty) VALUES (1)");
        assertThat(db.queryForObject("SELECT MAX(id) FROM events", Integer.class)).as("ids 91..100 are not reused")
                .isEqualTo(next);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM events WHERE created_at = '2001-02-03 04:05:06'")).isEqualTo(90);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MODIFY id VARCHAR(20) NOT NULL            | alters id, a column of a unique key",
            "MODIFY code VARCHAR(20) NOT NULL UNIQUE   | adds the unique key",
            "MODIFY code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL | alters code, a column of a unique key"})
    void aChangeThatAltersHowRowsMatchIsRefusedAndLeavesNothing(String change, String why, TestDatabases dbs,
                                                                @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE items (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, other INT, UNIQUE KEY items_other (other)) "
                + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci", "ALTER TABLE items DROP INDEX items_other");
        if (why.contains("code, a column")) {
            db.execute("ALTER TABLE items ADD UNIQUE KEY items_code (code)");
        }
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__change.sql", (change.startsWith("MODIFY id ") ? "-- pitstop:allow incompatible-type-change "
                + "the test is about the engine's own refusal\n" : "") + "ALTER TABLE items " + change + ";\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains(why);
        });
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE 'items\\_\\_pitstop%'")).isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isZero();
    }

    @Test
    void widenedIntegerKeysAreRebuiltAndANotNullColumnWithoutDefaultIsRefused(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE items (id INT PRIMARY KEY, qty INT) ENGINE=InnoDB",
                "INSERT INTO items SELECT seq, seq FROM " + db.numbers(1000));
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE items MODIFY id BIGINT NOT NULL;\n");
        files.pitstop(db).migrate();
        assertThat(columnType(db, "items", "id")).isEqualTo("bigint");

        files.write("V2__add.sql", "ALTER TABLE items ADD COLUMN tier INT NOT NULL, MODIFY qty BIGINT;\n");
        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("V2__add.sql:1", "NOT NULL without a DEFAULT"));
    }

    @Test
    void aCopyThatWouldTruncateFailsNamingTheKeyAndLeavesTheOriginalUntouched(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE codes (id INT PRIMARY KEY, code VARCHAR(10)) ENGINE=InnoDB",
                // ids are not row numbers, so the message must name the key, not the row
                "INSERT INTO codes SELECT seq * 3, 'abc' FROM " + db.numbers(5000), "UPDATE codes SET code = 'abcdef' WHERE id = 2331");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__narrow.sql", "-- pitstop:allow narrowing-type-change this test is about the copy that does not fit\n"
                + "ALTER TABLE codes MODIFY code VARCHAR(3);\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
            assertThat(e.getMessage()).contains("with key (2331)", "too long", "Nothing was swapped");
        });
        assertThat(columnType(db, "codes", "code")).isEqualTo("varchar(10)");
        assertThat(db.queryForObject("SELECT code FROM codes WHERE id = 2331", String.class)).isEqualTo("abcdef");
    }

    /**
     * A child foreign key (ON DELETE/UPDATE CASCADE) and a user audit trigger, under the workload through
     * the cut-over and then through an abort after it: the RENAME takes the foreign key along to the old
     * table, kept in sync by the way-back triggers, until it is pointed at the new table; abort points it
     * back and swaps the old table back with every write made since.
     */
    @Test
    void aChildForeignKeyFollowsTheNewTableAndAbortAfterTheCutOverSwapsBackWhileTheApplicationWrites(TestDatabases dbs,
                                                                                                    @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE audit (tbl VARCHAR(20), order_id BIGINT) ENGINE=InnoDB");
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(100), "
                            + "total_cents BIGINT NOT NULL) ENGINE=InnoDB",
                    "CREATE TABLE " + t + "_lines (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, CONSTRAINT " + t
                            + "_lines_order FOREIGN KEY (order_id) REFERENCES " + t + " (id) ON DELETE CASCADE "
                            + "ON UPDATE CASCADE) ENGINE=InnoDB",
                    "CREATE TRIGGER " + t + "_audit AFTER INSERT ON " + t + " FOR EACH ROW INSERT INTO audit VALUES ('" + t
                            + "', NEW.id)");
        }
        db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq), seq * 3 FROM " + db.numbers(ROWS),
                "INSERT INTO orders_twin SELECT * FROM orders",
                "INSERT INTO orders_lines SELECT seq, seq FROM " + db.numbers(ROWS, 3),
                "INSERT INTO orders_twin_lines SELECT * FROM orders_lines", "DELETE FROM audit");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);

        TwinWorkload.Report forth;
        TwinWorkload.Report back;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            pitstop.migrate();
            assertThat(columnType(db, "orders", "qty")).isEqualTo("bigint");
            assertThat(db.queryForObject("SELECT GROUP_CONCAT(CONCAT(constraint_name, '->', referenced_table_name)) FROM "
                    + "information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                    + "AND table_name = 'orders_lines'", String.class)).isEqualTo("orders_lines_order->orders");
            Thread.sleep(1000);
            forth = workload.stop();
            assertTwins(db, "after the cut-over");
        }
        LOG.info("workload through the cut-over: {}", forth);
        assertThat(forth.errors()).as("workload errors, first: %s", forth.firstError()).isZero();
        assertThat(forth.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(forth.deletes() + forth.keyChanges()).isGreaterThan(forth.transactions() / 5);
        assertThat(forth.max()).as("longest workload transaction, ms").isLessThan(1000);

        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            assertThat(pitstop.abort("1").aborted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
            Thread.sleep(1000);
            back = workload.stop();
        }
        LOG.info("workload through the abort: {}", back);
        assertThat(back.errors()).as("workload errors, first: %s", back.firstError()).isZero();
        assertThat(back.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(columnType(db, "orders", "qty")).isEqualTo("int");
        assertTwins(db, "after the abort");
        assertThat(db.queryForObject("SELECT GROUP_CONCAT(CONCAT(constraint_name, '->', referenced_table_name)) FROM "
                + "information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                + "AND table_name = 'orders_lines'", String.class)).isEqualTo("orders_lines_order->orders");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE 'orders\\_\\_pitstop%'")).as("leftovers of the rebuild").isZero();
        assertThat(db.queryForList("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = 'orders'")).extracting(r -> r.values().iterator().next())
                .containsExactly("orders_audit");
        db.execute("INSERT INTO orders VALUES (-1, 1, 'x', 0)", "INSERT INTO orders_lines VALUES (-1, -1)",
                "DELETE FROM orders WHERE id = -1");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders' AND order_id = -1")).isOne();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders_lines WHERE id = -1")).as("cascaded").isZero();

        pitstop.migrate();
        pitstop.contract();
        assertThat(Schema.tableExists(db, "orders__pitstop_old")).isFalse();
        assertThat(db.queryForObject("SELECT referenced_table_name FROM information_schema.referential_constraints "
                + "WHERE constraint_schema = DATABASE() AND constraint_name = 'orders_lines_order'", String.class))
                .isEqualTo("orders");
    }

    /** Orders, their lines and the audit trail equal the twin's. */
    private static void assertTwins(TestDatabase db, String when) {
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders o LEFT JOIN orders_twin t ON t.id = o.id "
                + "AND t.qty = o.qty AND t.note <=> o.note AND t.total_cents = o.total_cents WHERE t.id IS NULL"))
                .as("rows of the table without an equal twin row " + when).isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders"))
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM orders_twin"));
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders_lines l LEFT JOIN orders_twin_lines t ON t.id = l.id "
                + "AND t.order_id = l.order_id WHERE t.id IS NULL")).as("lines without an equal twin line " + when).isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders_lines"))
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM orders_twin_lines"));
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders'")).as("audited inserts " + when)
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM audit WHERE tbl = 'orders_twin'"));
    }

    /**
     * The way back writes by key only: a row that did not fit stays stale in the old table, and a write whose
     * unique value that stale row still holds, or a key change that did not fit, is recorded too, so abort
     * refuses naming every such key until writes that fit have made the old table whole again.
     */
    @Test
    void theWayBackNeverRewritesAnotherRowAndAbortWaitsUntilEveryMisfitIsWrittenAgain(TestDatabases dbs,
                                                                                     @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, qty INT NOT NULL, email VARCHAR(20) NOT NULL, "
                        + "UNIQUE KEY orders_email (email)) ENGINE=InnoDB",
                "INSERT INTO orders VALUES (1, 1, 'a'), (2, 2, 'b')");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        db.execute("UPDATE orders SET qty = 5000000000, email = 'z' WHERE id = 1", // does not fit: stale (1, 1, 'a') stays
                "INSERT INTO orders VALUES (3, 3, 'a')", // 'a' is held by the stale row: must not rewrite row 1
                "UPDATE orders SET id = 10, qty = 6000000000 WHERE id = 2"); // a key change that does not fit
        assertThat(db.queryForObject("SELECT GROUP_CONCAT(CONCAT(id, ':', qty, ':', email) ORDER BY id) FROM "
                + "orders__pitstop_old", String.class)).isEqualTo("1:1:a,2:2:b");
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("(1)", "(2)", "(3)", "(10)"));

        db.execute("UPDATE orders SET qty = 5 WHERE id = 1", "UPDATE orders SET qty = 4 WHERE id = 3",
                "UPDATE orders SET qty = 6 WHERE id = 10");
        // the stale row under the moved key still holds 'b', so row 10 cannot be written back either
        assertThatThrownBy(pitstop::abort).as("the stale row under the moved key").isInstanceOfSatisfying(
                PitstopException.class, e -> assertThat(e.getMessage()).contains("(2)", "(10)").doesNotContain("(1)"));
        db.execute("INSERT INTO orders VALUES (2, 0, 'tmp')", "DELETE FROM orders WHERE id = 2",
                "UPDATE orders SET qty = 7 WHERE id = 10");

        assertThat(pitstop.abort().aborted()).hasSize(1);
        assertThat(columnType(db, "orders", "qty")).isEqualTo("int");
        assertThat(db.queryForObject("SELECT GROUP_CONCAT(CONCAT(id, ':', qty, ':', email) ORDER BY id) FROM orders",
                String.class)).isEqualTo("1:5:z,3:4:a,10:7:b");
    }

    /** A child whose column would no longer match the parent's type is refused before anything is created. */
    @Test
    void aChildForeignKeyOnAColumnTheChangeRetypesIsRefusedBeforeAnythingIsCreated(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, qty INT) ENGINE=InnoDB",
                "CREATE TABLE order_lines (id INT PRIMARY KEY, order_id INT, CONSTRAINT lines_order FOREIGN KEY (order_id) "
                        + "REFERENCES orders (id)) ENGINE=InnoDB");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY id BIGINT;\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("lines_order", "order_lines", "bigint"));
        assertThat(Schema.tableExists(db, "orders__pitstop_new")).isFalse();
    }

    @Test
    void abortBeforeTheCutOverDropsTheShadowAndAfterItSwapsBackOnceEveryRowFits(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, qty INT NOT NULL) ENGINE=InnoDB",
                "INSERT INTO orders SELECT seq, seq FROM " + db.numbers(100000));
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n");
        Pitstop blocked = files.configure(db).cutOverLockTimeout(java.time.Duration.ofSeconds(1))
                .cutOverBudget(java.time.Duration.ofSeconds(2)).chunkTime(java.time.Duration.ofMillis(20)).load();
        try (java.sql.Connection blocker = db.connect(); java.sql.Statement st = blocker.createStatement()) {
            java.util.concurrent.CompletableFuture<Throwable> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    blocked.migrate();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                    + "AND trigger_name = 'orders__pitstop_sync_ins'") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // a transaction that read the table holds its metadata lock: the RENAME cannot have it
            blocker.setAutoCommit(false);
            st.execute("SELECT COUNT(*) FROM orders WHERE id = 1");
            assertThat(run.get(120, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOfSatisfying(PitstopException.class,
                    e -> assertThat(e.getMessage()).contains("cut-over of orders gave up", "thread "));
            blocker.rollback();
        }
        assertThat(Schema.tableExists(db, "orders__pitstop_new")).isTrue();
        db.execute("UPDATE orders SET qty = -1 WHERE id = 1");

        assertThat(blocked.abort("1").aborted()).hasSize(1);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE 'orders\\_\\_pitstop%'")).isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isZero();
        assertThat(columnType(db, "orders", "qty")).isEqualTo("int");

        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        assertThat(columnType(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(db.queryForObject("SELECT qty FROM orders WHERE id = 1", Long.class)).isEqualTo(-1L);

        // after the cut-over: a value that does not fit the old shape holds the abort until it fits
        db.execute("INSERT INTO orders VALUES (100001, 5000000000)", "UPDATE orders SET qty = 7000000000 WHERE id = 7",
                "UPDATE orders SET id = 100002 WHERE id = 8", "DELETE FROM orders WHERE id = 9");
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("do not convert", "(100001)", "(7)", "nothing was swapped");
        });
        assertThat(columnType(db, "orders", "qty")).isEqualTo("bigint");
        db.execute("UPDATE orders SET qty = 5 WHERE id = 100001", "UPDATE orders SET qty = 70 WHERE id = 7");
        assertThat(pitstop.abort().aborted()).hasSize(1);
        assertThat(columnType(db, "orders", "qty")).isEqualTo("int");
        assertThat(db.queryForObject("SELECT GROUP_CONCAT(CONCAT(id, ':', qty) ORDER BY id) FROM orders "
                + "WHERE id IN (1, 7, 8, 9, 100001, 100002)", String.class)).isEqualTo("1:-1,7:70,100001:5,100002:8");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(100_000);
        assertThat(pitstop.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
    }

    static String columnType(TestDatabase db, String table, String column) {
        return db.queryForObject("SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = '" + table + "' AND column_name = '" + column + "'", String.class).replace("(20)", "")
                .replace("(11)", "");
    }
}
