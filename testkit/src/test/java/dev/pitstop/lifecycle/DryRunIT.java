package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.DryRunResult;
import dev.pitstop.DryRunStep;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code migrate --dry-run} on both dialects: it rehearses the online rebuild on the real table (a sample
 * of chunks copied, an expected duration) and leaves the database exactly as it was: the same objects,
 * columns, triggers, indexes and functions, the same rows, and no history.
 */
@WithDatabases
class DryRunIT {
    private static final int ROWS = 200_000;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aDryRunRehearsesTheRebuildAndLeavesCatalogDataAndHistoryAsTheyWere(DatabaseKind kind, TestDatabases dbs,
                                                                           @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(40))",
                "CREATE INDEX orders_qty_idx ON orders (qty)");
        if (kind == DatabaseKind.POSTGRES) {
            db.execute("INSERT INTO orders SELECT g, g % 1000, 'n' || g FROM generate_series(1, " + ROWS + ") g",
                    "ANALYZE orders");
        } else {
            db.execute("INSERT INTO orders SELECT seq, seq % 1000, CONCAT('n', seq) FROM " + db.numbers(ROWS),
                    "ANALYZE TABLE orders");
        }
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen_qty.sql", ProgressIT.widenQty(kind) + "UPDATE orders SET note = 'x' WHERE qty < 10;\n");
        List<String> catalogBefore = catalog(db, kind);
        String dataBefore = data(db, kind);

        DryRunResult result = files.configure(db).chunkTime(Duration.ofMillis(50)).load().dryRun();

        assertThat(result.steps()).hasSize(2);
        DryRunStep rebuild = result.steps().get(0);
        assertThat(rebuild.rehearsed()).as(rebuild.toString()).isTrue();
        assertThat(rebuild.table()).isEqualTo("orders");
        assertThat(rebuild.rowsEstimated()).isGreaterThan(ROWS / 2);
        assertThat(rebuild.sampleRows()).isBetween(1L, (long) ROWS);
        assertThat(rebuild.rowsPerSecond()).isPositive();
        assertThat(rebuild.expectedDuration()).isNotNull().isPositive();
        assertThat(result.steps().get(1).rehearsed()).isFalse();
        assertThat(result.steps().get(1).notes()).anySatisfy(n -> assertThat(n).contains("not run by the dry run"));
        assertThat(catalog(db, kind)).as("catalog after the dry run").isEqualTo(catalogBefore);
        assertThat(data(db, kind)).isEqualTo(dataBefore);
        assertThat(Schema.tableExists(db, "pitstop_history")).isFalse();

        assertThat(files.pitstop(db).migrate().applied()).hasSize(1);
    }

    @Test
    void aDryRunNamesTheSessionsThatWouldHoldUpTheCutOver(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL)",
                "INSERT INTO orders SELECT g, g FROM generate_series(1, 20000) g", "ANALYZE orders");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen_qty.sql", ProgressIT.widenQty(DatabaseKind.POSTGRES));
        List<String> catalogBefore = catalog(db, DatabaseKind.POSTGRES);
        DryRunResult result;
        try (Connection blocker = db.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM orders").close();
            CompletableFuture<DryRunResult> dryRun = CompletableFuture.supplyAsync(() -> files.pitstop(db).dryRun());
            // the rehearsal's cleanup (DROP TRIGGER) queues behind the open transaction: end it then
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!dryRun.isDone() && db.queryForObject("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                    + "'orders'::regclass", Number.class).intValue() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            blocker.commit();
            result = dryRun.get(120, TimeUnit.SECONDS);
        }

        assertThat(result.steps().get(0).blockers()).singleElement()
                .satisfies(b -> assertThat(b).contains("AccessShareLock", "SELECT count(*) FROM orders"));
        assertThat(catalog(db, DatabaseKind.POSTGRES)).isEqualTo(catalogBefore);
    }

    /** Every object, column, index, trigger and function of the test's schema, one line each, sorted. */
    static List<String> catalog(TestDatabase db, DatabaseKind kind) {
        String sql = kind == DatabaseKind.POSTGRES ? """
                SELECT x FROM (
                  SELECT 'rel ' || c.relname || ' ' || c.relkind::text FROM pg_class c
                    WHERE c.relnamespace = current_schema()::regnamespace
                  UNION ALL SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                    || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = current_schema()
                  UNION ALL SELECT 'trg ' || tgname || ' ' || tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal
                  UNION ALL SELECT 'fn ' || proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
                  UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
                  UNION ALL SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace = current_schema()::regnamespace
                ) s(x) ORDER BY x""" : """
                SELECT x FROM (
                  SELECT CONCAT('tbl ', table_name, ' ', table_type) AS x FROM information_schema.tables
                    WHERE table_schema = DATABASE()
                  UNION ALL SELECT CONCAT('col ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ',
                    COALESCE(column_default, ''), ' ', extra) FROM information_schema.columns WHERE table_schema = DATABASE()
                  UNION ALL SELECT CONCAT('trg ', trigger_name, ' ', event_object_table) FROM information_schema.triggers
                    WHERE trigger_schema = DATABASE()
                  UNION ALL SELECT CONCAT('idx ', table_name, '.', index_name, ' ', column_name, ' ', seq_in_index)
                    FROM information_schema.statistics WHERE table_schema = DATABASE()
                  UNION ALL SELECT CONCAT('rtn ', routine_name) FROM information_schema.routines
                    WHERE routine_schema = DATABASE()
                ) s ORDER BY x""";
        return db.queryForList(sql).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    /** A digest of every row of orders. */
    static String data(TestDatabase db, DatabaseKind kind) {
        return kind == DatabaseKind.POSTGRES
                ? db.queryForObject("SELECT count(*) || ' ' || md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o",
                        String.class)
                : db.queryForObject("SELECT CONCAT(COUNT(*), ' ', SUM(CRC32(CONCAT_WS('|', id, qty, note))), ' ', "
                        + "BIT_XOR(CRC32(CONCAT_WS('|', id, qty, note)))) FROM orders", String.class);
    }
}
