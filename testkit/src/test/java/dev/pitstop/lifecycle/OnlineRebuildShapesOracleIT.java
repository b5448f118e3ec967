package dev.pitstop.lifecycle;

import static dev.pitstop.testkit.TwinTable.keyColumn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.MigrationState;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinTable;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-downtime oracle of {@link OnlineRebuildOracleIT} on other shapes of table: keys that are
 * composite, text, uuid, or a NOT NULL unique key without a primary key; names that must be quoted; a
 * child table whose foreign key references the rebuilt table; a view over it. Each runs
 * {@code ALTER COLUMN <qty> TYPE bigint} on 200,000 rows under the same workload and asserts the same:
 * no workload error, at least 100 transactions a second, the longest under a second, the table equal to
 * its twin row for row, its constraints and indexes as before. Keys are made from a row's ordinal by SQL
 * (see {@link TwinTable}); text and uuid keys scatter new rows over the whole key range, so the sync
 * trigger writes behind and ahead of the copy's watermark alike.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class OnlineRebuildShapesOracleIT {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineRebuildShapesOracleIT.class);
    private static final int ROWS = 200_000;
    private static final TwinTable ORDERS = TwinTable.bigintId("orders", "orders_twin");

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("composite primary key (region, id)",
                        ORDERS.withKey("id", keyColumn("region", "INT", "({n} % 8)::int"), keyColumn("id", "BIGINT", "{n}")),
                        "PRIMARY KEY (region, id)"),
                Arguments.of("text primary key",
                        ORDERS.withKey("substr(code, 5)::bigint", keyColumn("code", "TEXT", "'ORD-' || {n}")),
                        "PRIMARY KEY (code)"),
                Arguments.of("uuid primary key",
                        ORDERS.withKey("('x' || right(replace(id::text, '-', ''), 12))::bit(48)::bigint",
                                keyColumn("id", "UUID", "(left(md5({n}::text), 20) || lpad(to_hex({n}), 12, '0'))::uuid")),
                        "PRIMARY KEY (id)"),
                Arguments.of("NOT NULL unique key, no primary key",
                        ORDERS.withKey("order_no", keyColumn("order_no", "BIGINT", "{n}")),
                        "UNIQUE (order_no)"),
                Arguments.of("quoted mixed-case names with spaces and reserved words",
                        ORDERS.named("\"Order Lines\"", "\"Order Lines twin\"")
                                .withKey("\"Select\"", keyColumn("\"Select\"", "BIGINT", "{n}"))
                                .withColumns("\"Group Qty\"", "\"Note\"", "\"Total Cents\""),
                        "PRIMARY KEY (\"Select\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void concurrentWritersLoseNothingSeeNoErrorAndWaitUnderASecond(String shape, TwinTable orders, String key,
                                                                   TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = filledTwins(dbs, orders, key);

        rebuildUnderLoadLosesNothing(db, orders, dir);
    }

    /**
     * The children cascade (rather than reference only parents the workload leaves alone) so that the
     * workload deletes and re-keys parents that have children: the referential actions then run on the
     * original during the copy and on the new table after the cut-over, and a twin child table shows
     * that every one of them landed. It also makes the workload take locks on the child, which the
     * cut-over locks too.
     */
    @Test
    void aCascadingChildForeignKeyReferencesTheNewTableAndIsValidated(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = filledTwins(dbs, ORDERS, "PRIMARY KEY (id)");
        for (String parent : new String[] {"orders", "orders_twin"}) {
            String child = parent.replace("orders", "order_notes");
            db.execute("CREATE TABLE " + child + " (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL CONSTRAINT " + child
                            + "_order_fk REFERENCES " + parent + " (id) ON DELETE CASCADE ON UPDATE CASCADE)",
                    "CREATE INDEX ON " + child + " (order_id)",
                    "INSERT INTO " + child + " SELECT g, 4 * g FROM generate_series(1, " + ROWS / 4 + ") g");
        }

        rebuildUnderLoadLosesNothing(db, ORDERS, dir);

        assertThat(db.queryForObject("SELECT confrelid::regclass::text || ' validated ' || convalidated || ' on delete '"
                + " || confdeltype::text || ' on update ' || confupdtype::text FROM pg_constraint "
                + "WHERE conname = 'order_notes_order_fk'", String.class))
                .isEqualTo("orders validated true on delete c on update c");
        assertThat(differing(db, "SELECT id, order_id FROM order_notes", "SELECT id, order_id FROM order_notes_twin"))
                .as("children that differ from their twins").isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM order_notes")).as("children left after cascaded deletes")
                .isLessThan(ROWS / 4);
        assertThat(Schema.count(db, "SELECT count(*) FROM order_notes WHERE order_id > " + ROWS))
                .as("children whose parent's key changed").isPositive();
        assertThatThrownBy(() -> db.execute("INSERT INTO order_notes VALUES (" + ROWS + ", -1)"))
                .hasMessageContaining("order_notes_order_fk");
    }

    @Test
    void aViewOverTheTableReferencesTheNewTableAndShowsItsRows(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = filledTwins(dbs, ORDERS, "PRIMARY KEY (id)");
        db.execute("CREATE VIEW orders_view AS SELECT id, qty, note FROM orders");

        rebuildUnderLoadLosesNothing(db, ORDERS, dir);

        assertThat(Schema.count(db, "SELECT count(*) FROM orders_view"))
                .isEqualTo(Schema.count(db, "SELECT count(*) FROM orders"));
        assertThat(differing(db, "SELECT id, qty, note FROM orders_view", "SELECT id, qty, note FROM orders"))
                .as("rows of the view that differ from the table's").isZero();
        assertThat(db.queryForObject("SELECT pg_get_viewdef('orders_view'::regclass)", String.class))
                .contains("orders").doesNotContain("__pitstop");
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid "
                + "WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class = 'orders_view'::regclass "
                + "AND d.refobjid = 'orders'::regclass")).as("dependencies of the view on the new table").isPositive();
    }

    /** Two tables of the shape, {@code key} their key constraint, both holding the rows of ordinals 1..ROWS. */
    private static TestDatabase filledTwins(TestDatabases dbs, TwinTable t, String key) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String table : new String[] {t.table(), t.twin()}) {
            db.execute("CREATE TABLE " + table + " (" + t.keyDefinitions() + ", " + t.qty() + " INT NOT NULL, " + t.note()
                    + " TEXT, " + t.totalCents() + " BIGINT NOT NULL, " + key + ")");
        }
        db.execute("INSERT INTO " + t.table() + " (" + t.columns() + ") SELECT " + t.keyValues("g")
                        + ", g % 1000, 'n' || g, g * 3 FROM generate_series(1, " + ROWS + ") AS g",
                "INSERT INTO " + t.twin() + " (" + t.columns() + ") SELECT " + t.columns() + " FROM " + t.table(),
                "ANALYZE " + t.table());
        return db;
    }

    /**
     * Changes qty to bigint with Pitstop while the workload runs, from a second before until a second
     * after, and asserts what {@link OnlineRebuildOracleIT} asserts, and that the rebuilt table has the
     * constraints and indexes it had, its key among them.
     */
    private static void rebuildUnderLoadLosesNothing(TestDatabase db, TwinTable t, Path dir) throws Exception {
        String constraintsAndIndexes = constraintsAndIndexes(db, t.table());
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE " + t.table() + " ALTER COLUMN " + t.qty() + " TYPE bigint;\n");

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), t, ROWS, 4, 150).start()) {
            Thread.sleep(1000);
            assertThat(files.pitstop(db).migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload during the rebuild of {}: {}", t.table(), report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(report.deletes() + report.keyChanges()).isGreaterThan(report.transactions() / 5);
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(Schema.count(db, "SELECT count(*) FROM " + t.table() + " WHERE " + t.ordinal() + " <= " + ROWS))
                .as("rows of the fill the workload's deletes and key changes left (it found rows by their key)")
                .isLessThan(ROWS);
        assertThat(Schema.count(db, "SELECT count(*) FROM " + t.table() + " WHERE " + t.note() + " LIKE 'upd %'"))
                .as("rows the workload's updates found").isPositive();
        assertThat(db.queryForObject("SELECT pg_typeof(" + t.qty() + ")::text FROM " + t.table() + " LIMIT 1", String.class))
                .isEqualTo("bigint");
        String rows = t.keyColumns() + ", " + t.qty() + "::bigint, " + t.note() + ", " + t.totalCents();
        assertThat(differing(db, "SELECT " + rows + " FROM " + t.table(), "SELECT " + rows + " FROM " + t.twin()))
                .as("rows that differ between the rebuilt table and its twin").isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM " + t.table()))
                .isEqualTo(Schema.count(db, "SELECT count(*) FROM " + t.twin()));
        assertThat(constraintsAndIndexes(db, t.table())).isEqualTo(constraintsAndIndexes);
        assertThatThrownBy(() -> db.execute("INSERT INTO " + t.table() + " (" + t.columns() + ") SELECT " + t.columns()
                + " FROM " + t.table() + " LIMIT 1")).as("the key still holds").hasMessageContaining("duplicate key");
    }

    /** How many rows the two queries do not have in common, duplicates counted. */
    private static int differing(TestDatabase db, String left, String right) {
        return Schema.count(db, "SELECT count(*) FROM ((" + left + " EXCEPT ALL " + right + ") UNION ALL (" + right
                + " EXCEPT ALL " + left + ")) AS diff");
    }

    /** Every constraint and index definition of the table, by name. */
    private static String constraintsAndIndexes(TestDatabase db, String table) {
        String regclass = "'" + table.replace("'", "''") + "'::regclass";
        return db.queryForObject("SELECT string_agg(d, '; ' ORDER BY d) FROM (SELECT conname || ' ' || "
                + "pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = " + regclass + " UNION ALL "
                + "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = " + regclass + ") AS x", String.class);
    }
}
