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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code abort} of an online rebuild on PostgreSQL: after the cut-over the old table was kept in sync by
 * the way-back trigger, so swapping it back loses no write made in between, while the application keeps
 * writing; before the cut-over the shadow simply goes. A row that does not fit the old shape makes abort
 * refuse, naming it, until it fits.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class AbortIT {
    private static final Logger LOG = LoggerFactory.getLogger(AbortIT.class);
    private static final int ROWS = 50_000;

    @Test
    void abortAfterTheCutOverSwapsBackWithEveryWriteMadeSinceWhileTheApplicationWrites(TestDatabases dbs,
                                                                                      @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g * 3 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders",
                "CREATE TABLE lines (id INT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id))",
                // parents the workload never touches: it picks ids up to ROWS and creates new ones far below these
                "INSERT INTO orders SELECT g, 1, 'parent', 0 FROM generate_series(800000001, 800000010) g",
                "INSERT INTO orders_twin SELECT * FROM orders WHERE id > 800000000",
                "INSERT INTO lines SELECT g, 800000000 + g FROM generate_series(1, 10) g",
                "CREATE VIEW big_orders AS SELECT id, qty FROM orders WHERE qty > 500",
                "CREATE TABLE audit (order_id BIGINT)",
                "CREATE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN INSERT INTO audit VALUES (NEW.id); RETURN NULL; END $$",
                "CREATE TRIGGER audit_insert AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION audit_insert()");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 120)
                .start()) {
            Thread.sleep(500);
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("bigint");
            assertThat(OnlineRebuildIT.type(db, "big_orders", "qty")).isEqualTo("bigint");
            assertAuditedOnce(db, 900_000_001L);
            Thread.sleep(1500);

            assertThat(pitstop.abort("1").aborted()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
            Thread.sleep(500);
            report = workload.stop();
        }
        LOG.info("workload across cut-over and abort: {}", report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1500);
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("integer");
        assertThat(Schema.count(db, "SELECT count(*) FROM ((SELECT id, qty, note, total_cents FROM orders EXCEPT ALL "
                + "SELECT id, qty, note, total_cents FROM orders_twin) UNION ALL (SELECT id, qty, note, total_cents FROM "
                + "orders_twin EXCEPT ALL SELECT id, qty, note, total_cents FROM orders)) AS d"))
                .as("rows that differ from the twin after abort").isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE id = 900000001")).isOne();
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '\\_orders\\_\\_pitstop%'"))
                .as("leftovers of the rebuild").isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_proc WHERE proname LIKE '\\_orders\\_\\_pitstop%'")).isZero();
        assertThat(OnlineRebuildIT.type(db, "big_orders", "qty")).isEqualTo("integer");
        assertThat(Schema.count(db, "SELECT count(*) FROM big_orders"))
                .isEqualTo(Schema.count(db, "SELECT count(*) FROM orders WHERE qty > 500"));
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'lines'::regclass "
                + "AND confrelid = 'orders'::regclass AND contype = 'f' AND convalidated")).isOne();
        assertAuditedOnce(db, 900_000_002L);
        assertThat(pitstop.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        assertThat(pitstop.abort().aborted()).as("a second abort finds nothing to do").isEmpty();
    }

    @Test
    void aRowThatDoesNotFitTheOldShapeMakesAbortRefuseUntilItFitsAndContractDropsTheWayBack(TestDatabases dbs,
                                                                                           @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT)",
                "INSERT INTO orders SELECT g, g, 'n' || g FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        db.execute("INSERT INTO orders VALUES (5001, 5000000000, 'too big for the old shape')",
                "UPDATE orders SET qty = 7000000000 WHERE id = 7", "UPDATE orders SET id = 9001 WHERE id = 8",
                "DELETE FROM orders WHERE id = 9");
        assertThat(Schema.count(db, "SELECT count(*) FROM _orders__pitstop_old WHERE id IN (5001, 7)"))
                .as("rows that do not fit stay out of the old table").isZero();
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("do not convert", "(5001)", "(7)", "abort again", "nothing was swapped");
        });
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("bigint");

        db.execute("UPDATE orders SET qty = 5 WHERE id = 5001", "UPDATE orders SET qty = 70 WHERE id = 7");
        pitstop.abort();
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("integer");
        assertThat(db.queryForObject("SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM orders "
                + "WHERE id IN (5001, 7, 8, 9001, 9)", String.class)).isEqualTo("7:70,5001:5,9001:8");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders")).isEqualTo(1000);

        pitstop.migrate();
        pitstop.contract();
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass "
                + "AND NOT tgisinternal")).as("the way-back trigger is gone after contract").isZero();
        assertThat(Schema.tableExists(db, "_orders__pitstop_old")).isFalse();
        db.execute("INSERT INTO orders VALUES (5002, 6000000000, 'fits now')");
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("bigint");
        assertThatThrownBy(() -> pitstop.abort("1")).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("is completed"));
    }

    @Test
    void abortBeforeTheCutOverDropsTheShadowAndMigrateStartsOver(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT)",
                "INSERT INTO orders SELECT g, g, 'n' || g FROM generate_series(1, 20000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop blocked = files.configure(db).cutOverLockTimeout(Duration.ofMillis(200))
                .cutOverBudget(Duration.ofSeconds(1)).load();
        try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT count(*) FROM orders WHERE id = 1");
            assertThatThrownBy(blocked::migrate).isInstanceOfSatisfying(PitstopException.class,
                    e -> assertThat(e.getMessage()).contains("cut-over of orders gave up"));
            blocker.rollback();
        }
        assertThat(Schema.tableExists(db, "_orders__pitstop_new")).isTrue();
        db.execute("UPDATE orders SET qty = -1 WHERE id = 1", "DELETE FROM orders WHERE id = 2");

        // as an abort killed part-way leaves it: only abort may go on
        db.execute("UPDATE pitstop_history SET state = 'ABORTING' WHERE version = '1'");
        assertThatThrownBy(blocked::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("the abort of V1 started and did not finish", "Run abort again"));
        assertThatThrownBy(blocked::contract).hasMessageContaining("Run abort again");

        assertThat(blocked.abort("1").aborted()).hasSize(1);
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE '\\_orders\\_\\_pitstop%'")).isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass "
                + "AND NOT tgisinternal")).isZero();
        assertThat(OnlineRebuildIT.type(db, "orders", "qty")).isEqualTo("integer");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders")).isEqualTo(19_999);
        assertThat(blocked.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));

        assertThat(files.pitstop(db).migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(db.queryForObject("SELECT qty FROM orders WHERE id = 1", Long.class)).isEqualTo(-1L);
    }

    @Test
    void aKeyWidenedToBigintTakesIdsBeyondTheOldRangeAndAbortRefusesToDropThem(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE events (id INT PRIMARY KEY, payload TEXT)",
                "INSERT INTO events SELECT g, 'p' || g FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen_key.sql", "ALTER TABLE events ALTER COLUMN id TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        db.execute("INSERT INTO events VALUES (3000000000, 'beyond int')", "UPDATE events SET id = 3000000001 WHERE id = 5");
        assertThat(Schema.count(db, "SELECT count(*) FROM events WHERE id > 2147483647")).isEqualTo(2);
        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("(3000000000)", "(3000000001)", "do not convert"));

        db.execute("DELETE FROM events WHERE id = 3000000000", "UPDATE events SET id = 5 WHERE id = 3000000001");
        pitstop.abort();
        assertThat(OnlineRebuildIT.type(db, "events", "id")).isEqualTo("integer");
        assertThat(Schema.count(db, "SELECT count(*) FROM events")).isEqualTo(1000);
        assertThat(db.queryForObject("SELECT payload FROM events WHERE id = 5", String.class)).isEqualTo("p5");
    }

    @Test
    void aTextToJsonChangeGoesBackAsText(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE docs (id INT PRIMARY KEY, body TEXT NOT NULL)",
                "INSERT INTO docs SELECT g, '{\"n\": ' || g || '}' FROM generate_series(1, 100) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__json.sql", "-- pitstop:allow incompatible-type-change every body is JSON text: the test is about abort\n"
                + "ALTER TABLE docs ALTER COLUMN body TYPE json USING body::json;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        db.execute("INSERT INTO docs VALUES (101, '{\"n\": 101, \"new\": true}')",
                "UPDATE docs SET body = '[1, 2]' WHERE id = 1");
        pitstop.abort();

        assertThat(OnlineRebuildIT.type(db, "docs", "body")).isEqualTo("text");
        assertThat(db.queryForObject("SELECT string_agg(body, ' | ' ORDER BY id) FROM docs WHERE id IN (1, 101)",
                String.class)).isEqualTo("[1, 2] | {\"n\": 101, \"new\": true}");
    }

    @Test
    void abortOfARebuildThatAddedColumnsLeavesTheOldShape(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("DO $$ BEGIN CREATE ROLE pitstop_it_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT)",
                "GRANT SELECT (qty) ON orders TO pitstop_it_reader",
                "INSERT INTO orders SELECT g, g FROM generate_series(1, 500) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__stamp.sql", "ALTER TABLE orders ADD COLUMN seq bigserial, ADD COLUMN ref uuid DEFAULT gen_random_uuid();\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        db.execute("GRANT SELECT (ref) ON orders TO pitstop_it_reader", "INSERT INTO orders (id, qty) VALUES (501, 1)");
        assertThat(Schema.columns(db, "orders")).contains("seq", "ref");

        pitstop.abort();
        assertThat(Schema.columns(db, "orders")).containsExactly("id", "qty");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders")).isEqualTo(501);
    }

    /** One insert fires the application's audit trigger once: the copy the sync trigger writes does not fire it. */
    private static void assertAuditedOnce(TestDatabase db, long id) {
        db.execute("INSERT INTO orders (id, qty, note, total_cents) VALUES (" + id + ", 1, 'audited', 0)",
                "INSERT INTO orders_twin (id, qty, note, total_cents) VALUES (" + id + ", 1, 'audited', 0)");
        assertThat(Schema.count(db, "SELECT count(*) FROM audit WHERE order_id = " + id)).isOne();
    }
}
