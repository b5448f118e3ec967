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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL online table rebuild without concurrent writers: what it creates, what the swapped
 * table looks like, what contract removes, and what it refuses before creating anything.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class OnlineRebuildIT {

    @Test
    void aRewritingTypeChangeIsCopiedVerifiedSwappedAndContracted(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id SERIAL PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT)",
                "CREATE INDEX orders_qty_idx ON orders (qty)",
                "COMMENT ON TABLE orders IS 'the shop''s orders'",
                "INSERT INTO orders (qty, note, total_cents) SELECT g % 100, 'n' || g, g * 7 FROM generate_series(1, 20000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "-- pitstop:allow narrowing-type-change the values fit: this test is about the copy\n"
                + "ALTER TABLE orders ALTER COLUMN qty TYPE bigint, "
                + "ALTER COLUMN total_cents TYPE numeric(14,2) USING total_cents / 100.0;\n");
        Pitstop pitstop = files.configure(db).chunkTime(java.time.Duration.ofMillis(50)).load();

        assertThat(pitstop.plan().pending().get(0).steps().get(0).kind()).isEqualTo("rebuild-table");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));

        assertThat(type(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(type(db, "orders", "total_cents")).isEqualTo("numeric(14,2)");
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(20000);
        assertThat(db.queryForObject("SELECT total_cents::text FROM orders WHERE id = 3", String.class)).isEqualTo("0.21");
        assertThat(Schema.indexExists(db, "orders", "orders_qty_idx")).isTrue();
        assertThat(Schema.indexExists(db, "orders", "orders_pkey")).isTrue();
        assertThat(db.queryForObject("SELECT obj_description('orders'::regclass, 'pg_class')", String.class))
                .isEqualTo("the shop's orders");
        db.execute("INSERT INTO orders (qty, note, total_cents) VALUES (1, 'after', 100)");
        assertThat(Schema.count(db, "SELECT max(id) FROM orders")).as("the serial sequence carries on").isEqualTo(20001);
        assertThat(Schema.tableExists(db, "_orders__pitstop_old")).isTrue();

        assertThat(pitstop.contract().contracted()).hasSize(1);
        assertThat(Schema.tableExists(db, "_orders__pitstop_old")).isFalse();
        assertThat(Schema.tableExists(db, "_orders__pitstop_del")).isFalse();
        db.execute("INSERT INTO orders (qty, note, total_cents) VALUES (2, 'after contract', 200)");
        assertThat(pitstop.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
    }

    @Test
    void consecutiveAlterTableStatementsOfOneTableAreRebuiltOnceTogether(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(20), total_cents BIGINT)",
                "INSERT INTO orders SELECT g, g, 'n' || g, g FROM generate_series(1, 5000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__reshape.sql", """
                ALTER TABLE orders ALTER COLUMN qty TYPE bigint;
                ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
                ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);
                ALTER TABLE orders ADD COLUMN flag boolean DEFAULT false;
                CREATE INDEX orders_created ON orders (created_at);
                """);
        Pitstop pitstop = files.pitstop(db);

        assertThat(pitstop.plan().pending().get(0).steps()).extracting(s -> s.kind() + "@" + s.source())
                .containsExactly("rebuild-table@V1__reshape.sql:1", "create-index@V1__reshape.sql:5");
        pitstop.migrate();

        assertThat(type(db, "orders", "qty")).isEqualTo("bigint");
        assertThat(type(db, "orders", "note")).isEqualTo("character varying(200)");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE created_at IS NOT NULL AND flag = false"))
                .isEqualTo(5000);
        assertThat(Schema.indexExists(db, "orders", "orders_created")).isTrue();
        assertThat(Schema.count(db, "SELECT count(*) FROM pitstop_steps WHERE version = '1' AND phase = 'BACKFILL'"))
                .as("one rebuild, not three").isOne();
    }

    @Test
    void quotedNamesWithSpacesAndReservedWordsAndACompositeTextKeyAreRebuilt(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE \"Order Lines\" (\"Select\" TEXT NOT NULL, \"line no\" INT NOT NULL, "
                        + "\"Qty\" INT, \"from\" TEXT, PRIMARY KEY (\"Select\", \"line no\"))",
                "INSERT INTO \"Order Lines\" SELECT 'o''' || (g / 10), g % 10, g, 'x' FROM generate_series(1, 5000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE \"Order Lines\" ALTER COLUMN \"Qty\" TYPE bigint;\n");
        Pitstop pitstop = files.configure(db).chunkTime(java.time.Duration.ofMillis(20)).load();

        pitstop.migrate();

        assertThat(db.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + "'\"Order Lines\"'::regclass AND attname = 'Qty'", String.class)).isEqualTo("bigint");
        assertThat(Schema.count(db, "SELECT count(*) FROM \"Order Lines\"")).isEqualTo(5000);
        assertThat(Schema.count(db, "SELECT sum(\"Qty\") FROM \"Order Lines\" WHERE \"Select\" = 'o''42'"))
                .isEqualTo(42 * 10 * 10 + 45);
        pitstop.contract();
        assertThat(Schema.tableExists(db, "_Order Lines__pitstop_old")).isFalse();
    }

    @Test
    void userTriggersAndStorageOptionsComeAlong(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE audit (n INT)",
                "CREATE FUNCTION count_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (1); "
                        + "RETURN NULL; END $$",
                "CREATE TABLE items (id INT PRIMARY KEY, qty INT) WITH (fillfactor = 70)",
                "CREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION count_insert()",
                "INSERT INTO items SELECT g, g FROM generate_series(1, 100) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE items ALTER COLUMN qty TYPE bigint;\n");

        files.pitstop(db).migrate();
        db.execute("INSERT INTO items VALUES (1000, 1)");

        assertThat(Schema.count(db, "SELECT count(*) FROM audit")).as("the user trigger fires on the new table").isEqualTo(101);
        assertThat(db.queryForObject("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'items'::regclass",
                String.class)).isEqualTo("fillfactor=70");
    }

    @Test
    void catalogDetailsComeAlongAtTheCutOverAndGoBackAtAbort(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("DO $$ BEGIN CREATE ROLE pitstop_it_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "CREATE UNLOGGED TABLE items (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code TEXT NOT NULL, "
                        + "qty INT)",
                "CREATE UNIQUE INDEX items_code ON items (code)",
                "ALTER TABLE items REPLICA IDENTITY USING INDEX items_code",
                "GRANT SELECT (code, qty) ON items TO pitstop_it_reader",
                "ALTER TABLE items ALTER COLUMN qty SET STATISTICS 500",
                "ALTER TABLE items ALTER COLUMN qty SET (n_distinct = 100)",
                "INSERT INTO items (code, qty) SELECT 'c' || g, g FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE items ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);
        String details = "SELECT c.relpersistence::text || ' ' || (SELECT i.indexrelid::regclass::text FROM pg_index i "
                + "WHERE i.indrelid = c.oid AND i.indisreplident) || ' ' || pg_get_serial_sequence('items', 'id') || ' ' "
                + "|| (SELECT attstattarget || ' ' || (SELECT string_agg(o, ',') FROM unnest(attoptions) AS o WHERE o LIKE 'n_distinct%') || ' ' || array_to_string(attacl, ',') "
                + "FROM pg_attribute WHERE attrelid = c.oid AND attname = 'qty') FROM pg_class c WHERE c.oid = 'items'::regclass";
        String before = db.queryForObject(details, String.class);
        assertThat(before).isEqualTo("u items_code public.items_id_seq 500 n_distinct=100 pitstop_it_reader=r/"
                + db.queryForObject("SELECT current_user", String.class));

        pitstop.migrate();
        assertThat(type(db, "items", "qty")).isEqualTo("bigint");
        assertThat(db.queryForObject(details, String.class)).isEqualTo(before);
        db.execute("INSERT INTO items (code, qty) VALUES ('after', 1)");
        assertThat(Schema.count(db, "SELECT max(id) FROM items")).as("the identity carries on").isEqualTo(1001);

        pitstop.abort();
        assertThat(type(db, "items", "qty")).isEqualTo("integer");
        assertThat(db.queryForObject(details, String.class)).isEqualTo(before);
        db.execute("INSERT INTO items (code, qty) VALUES ('after abort', 1)");
        assertThat(Schema.count(db, "SELECT max(id) FROM items")).isEqualTo(1002);
    }

    @Test
    void aWriteThatDoesNotConvertSucceedsAndHoldsTheCutOverUntilItIsFixed(TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE codes (id INT PRIMARY KEY, code VARCHAR(10))",
                "INSERT INTO codes SELECT g, 'c' || (g % 10) FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__narrow.sql", "-- pitstop:allow narrowing-type-change this test is about the copy that does not fit\n"
                + "ALTER TABLE codes ALTER COLUMN code TYPE varchar(3);\n");
        Pitstop blocked = files.configure(db).cutOverLockTimeout(java.time.Duration.ofMillis(200))
                .cutOverBudget(java.time.Duration.ofSeconds(1)).load();
        try (java.sql.Connection blocker = db.connect(); java.sql.Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT count(*) FROM codes WHERE id = 1");
            assertThatThrownBy(blocked::migrate).hasMessageContaining("cut-over of codes gave up");
            blocker.rollback();
        }

        db.execute("UPDATE codes SET code = 'toolong' WHERE id = 7");
        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("cannot cut over to the new shape of codes", "(7)",
                        "run migrate again", "nothing was swapped"));
        assertThat(type(db, "codes", "code")).isEqualTo("character varying(10)");

        db.execute("UPDATE codes SET code = 'ok' WHERE id = 7");
        files.pitstop(db).migrate();
        assertThat(type(db, "codes", "code")).isEqualTo("character varying(3)");
        assertThat(db.queryForObject("SELECT code FROM codes WHERE id = 7", String.class)).isEqualTo("ok");
    }

    @Test
    void aStableDefaultIsAddedInPlaceAndAMaterializedViewOverAViewIsRefused(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, qty INT)",
                "CREATE VIEW big AS SELECT * FROM orders WHERE qty > 5",
                "CREATE MATERIALIZED VIEW big_count AS SELECT count(*) FROM big");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__stamp.sql", "ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();\n");
        files.write("V2__widen.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);

        assertThat(pitstop.plan().pending().get(0).steps().get(0).kind()).as("now() is stable: no rewrite")
                .isEqualTo("add-column");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("materialized view big_count depends on it"));
        assertThat(Schema.columns(db, "orders")).contains("created_at");
        assertThat(Schema.tableExists(db, "_orders__pitstop_new")).isFalse();
    }

    @Test
    void otherIndexesAndUniqueConstraintsAreBuiltAfterTheCopyAndKeepTheirNames(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, email TEXT CONSTRAINT users_email_key UNIQUE, nick TEXT, "
                        + "score INT)",
                "CREATE UNIQUE INDEX users_nick_idx ON users (lower(nick))",
                "CREATE INDEX users_score_idx ON users (score) WHERE score > 10",
                "INSERT INTO users SELECT g, 'u' || g || '@x', 'N' || g, g FROM generate_series(1, 2000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE users ALTER COLUMN score TYPE bigint;\n");

        files.pitstop(db).migrate();

        assertThat(db.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'users' ORDER BY indexname"))
                .extracting(r -> r.values().iterator().next())
                .containsExactly("users_email_key", "users_nick_idx", "users_pkey", "users_score_idx");
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass "
                + "AND conname = 'users_email_key' AND contype = 'u'")).isEqualTo(1);
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid"))
                .isZero();
        assertThatThrownBy(() -> db.execute("INSERT INTO users VALUES (5000, 'u7@x', 'other', 1)"))
                .hasMessageContaining("users_email_key");
        assertThatThrownBy(() -> db.execute("INSERT INTO users VALUES (5001, 'new@x', 'n7', 1)"))
                .hasMessageContaining("users_nick_idx");
    }

    @Test
    void aNarrowingChangeThatDoesNotFitFailsLoudlyAndLeavesTheTableAsItWas(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE codes (id INT PRIMARY KEY, code VARCHAR(10))",
                "INSERT INTO codes VALUES (1, 'abc'), (2, 'abcdef')");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__narrow.sql", "-- pitstop:allow narrowing-type-change this test is about the copy that does not fit\n"
                + "ALTER TABLE codes ALTER COLUMN code TYPE varchar(3);\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
            assertThat(e.getMessage()).contains("too long");
        });
        assertThat(type(db, "codes", "code")).isEqualTo("character varying(10)");
        assertThat(db.queryForObject("SELECT code FROM codes WHERE id = 2", String.class)).isEqualTo("abcdef");
    }

    @Test
    void aTableWithoutAKeyIsRefusedBeforeAnythingIsCreated(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE events (at TIMESTAMPTZ, qty INT)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE events ALTER COLUMN qty TYPE bigint;\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("V1__widen.sql:1", "no primary key");
        });
        assertThat(Schema.tableExists(db, "_events__pitstop_new")).isFalse();
        assertThat(type(db, "events", "qty")).isEqualTo("integer");
    }

    @Test
    void childForeignKeysFollowTheRebuiltTableAndAreValidated(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE customers (id INT PRIMARY KEY, score INT)",
                "CREATE TABLE invoices (id INT PRIMARY KEY, customer_id INT CONSTRAINT invoices_customer_fk "
                        + "REFERENCES customers (id) ON DELETE CASCADE)",
                "INSERT INTO customers SELECT g, g FROM generate_series(1, 1000) g",
                "INSERT INTO invoices SELECT g, g FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE customers ALTER COLUMN score TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);

        pitstop.migrate();

        assertThat(db.queryForObject("SELECT confrelid::regclass::text || ' ' || convalidated FROM pg_constraint "
                + "WHERE conname = 'invoices_customer_fk'", String.class)).isEqualTo("customers true");
        db.execute("DELETE FROM customers WHERE id = 7");
        assertThat(Schema.count(db, "SELECT count(*) FROM invoices WHERE customer_id = 7")).as("ON DELETE CASCADE kept").isZero();
        assertThatThrownBy(() -> db.execute("INSERT INTO invoices VALUES (5000, 5000)")).hasMessageContaining("invoices_customer_fk");
        pitstop.contract();
        assertThat(Schema.tableExists(db, "_customers__pitstop_old")).isFalse();
    }

    @Test
    void aSelfReferencingTableIsRefusedBeforeAnythingIsCreated(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE staff (id INT PRIMARY KEY, boss INT REFERENCES staff (id), score INT)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE staff ALTER COLUMN score TYPE bigint;\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("references the table itself"));
        assertThat(Schema.tableExists(db, "_staff__pitstop_new")).isFalse();
    }

    static String type(TestDatabase db, String table, String column) {
        return db.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + table + "'::regclass AND attname = '" + column + "'", String.class);
    }
}
