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
 * Adding or replacing a primary key on PostgreSQL without a rewrite: the index is built online, the
 * constraint swapped in one short lock-bounded statement, and the old key stays unique until contract.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class PrimaryKeyIT {
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryKeyIT.class);
    private static final int ROWS = 50_000;

    @Test
    void aPrimaryKeyIsReplacedOnlineWhileTheApplicationWritesAndTheOldKeyStaysUniqueUntilContract(TestDatabases dbs,
                                                                                                 @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        for (String t : new String[] {"orders", "orders_twin"}) {
            db.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL)");
        }
        db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g, g FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO orders_twin SELECT * FROM orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__key.sql", "ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (id, qty);\n");
        Pitstop pitstop = files.pitstop(db);

        assertThat(pitstop.plan().pending().get(0).steps().get(0).kind()).isEqualTo("primary-key");
        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), "orders", "orders_twin", ROWS, 4, 120).start()) {
            Thread.sleep(500);
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(500);
            report = workload.stop();
        }
        LOG.info("workload across the key change: {}", report);
        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);

        assertThat(db.queryForObject("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = 'orders'::regclass AND contype = 'p'", String.class))
                .isEqualTo("orders_pkey PRIMARY KEY (id, qty)");
        db.execute("INSERT INTO orders VALUES (1, 5, 'upsert of the previous version', 0) ON CONFLICT (id) DO NOTHING");
        assertThat(Schema.count(db, "SELECT count(*) FROM orders WHERE note = 'upsert of the previous version'"))
                .as("the old key is still unique, so the previous version's ON CONFLICT (id) works").isZero();

        // abort swaps the old key back under its name, from the index kept until contract; migrate does it again
        assertThat(pitstop.abort().aborted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        assertThat(db.queryForObject("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = 'orders'::regclass AND contype = 'p'", String.class))
                .isEqualTo("orders_pkey PRIMARY KEY (id)");
        assertThat(Schema.indexExists(db, "orders", "orders__pitstop_pk")).isFalse();
        assertThat(Schema.indexExists(db, "orders", "orders__pitstop_oldpk")).isFalse();
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));

        pitstop.contract();
        assertThat(Schema.indexExists(db, "orders", "orders__pitstop_oldpk")).isFalse();
        assertThat(pitstop.migrate().applied()).isEmpty();
    }

    @Test
    void aTableWithoutPrimaryKeyGetsOneNamedAsPostgresWouldName(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE events (id BIGINT NOT NULL, at TIMESTAMPTZ)",
                "INSERT INTO events SELECT g, now() FROM generate_series(1, 1000) g");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__key.sql", "ALTER TABLE events ADD PRIMARY KEY (id);\n");

        Pitstop pitstop = files.pitstop(db);
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(db.queryForObject("SELECT conname FROM pg_constraint WHERE conrelid = 'events'::regclass "
                + "AND contype = 'p'", String.class)).isEqualTo("events_pkey");
        // until contract the previous version may still write duplicates elsewhere: abort takes the key off again
        assertThat(pitstop.abort().aborted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'events'::regclass")).isZero();
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'events'")).isZero();
        pitstop.migrate();
        assertThat(pitstop.contract().contracted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ALTER TABLE orders ADD PRIMARY KEY (note)                                | column note of orders is missing or nullable",
            "ALTER TABLE orders ADD PRIMARY KEY (qty)                                 | already has the primary key orders_pkey",
            "ALTER TABLE orders DROP CONSTRAINT orders_qty_key, ADD PRIMARY KEY (qty) | which is not the primary key of orders",
            "ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (qty)    | foreign keys reference the primary key orders_pkey"})
    void unsafeKeyChangesAreRefusedBeforeAnythingRuns(String statement, String why, TestDatabases dbs,
                                                      @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL UNIQUE, note TEXT)",
                "CREATE TABLE lines (id INT PRIMARY KEY, order_id BIGINT REFERENCES orders (id))");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__key.sql", statement + ";\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("V1__key.sql:1", why);
        });
        assertThat(Schema.count(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'orders\\_\\_pitstop%'")).isZero();
    }
}
