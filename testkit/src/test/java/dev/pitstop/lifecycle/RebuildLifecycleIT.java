package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The step kinds that change a table's shape or key through the online rebuild or an online key swap,
 * on the two-versions lifecycle: the previous version keeps writing through expand, abort (the old table or
 * key swapped back) and the second expand; the new version after contract.
 */
@WithDatabases
class RebuildLifecycleIT {
    private static final String SCHEMA = "CREATE TABLE items (id INT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(60));\n";

    /** Both versions write the note and a quantity that fits either type. */
    static final LifecycleHarness.App ITEMS = new LifecycleHarness.App() {
        @Override
        public void insert(Connection c, int id, String value) throws SQLException {
            exec(c, "INSERT INTO items (id, qty, note) VALUES (?, ?, ?)", id, id % 1000, value);
        }

        @Override
        public void update(Connection c, int id, String value) throws SQLException {
            exec(c, "UPDATE items SET note = ?, qty = qty + 1 WHERE id = ?", value, id);
        }

        @Override
        public Map<Integer, String> read(Connection c) throws SQLException {
            return rows(c, "SELECT id, note FROM items");
        }
    };

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aColumnTypeChangeThroughTheOnlineRebuild(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        // INT to BIGINT: MariaDB cannot make it in place, so it is copied (and can be swapped back)
        String change = kind == DatabaseKind.POSTGRES ? "ALTER TABLE items ALTER COLUMN qty TYPE BIGINT;\n"
                : "ALTER TABLE items MODIFY qty BIGINT NOT NULL;\n";
        String check = "SELECT data_type FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'qty'"
                + (kind == DatabaseKind.POSTGRES ? " AND table_schema = current_schema()" : " AND table_schema = DATABASE()");
        new LifecycleHarness(db, new MigrationFiles(dir), ITEMS, ITEMS)
                .afterExpand(() -> assertThat(db.queryForObject(check, String.class)).isEqualTo("bigint"))
                .afterAbort(() -> assertThat(db.queryForObject(check, String.class)).isNotEqualTo("bigint"))
                .run(SCHEMA, change, 300, MigrationState.EXPANDED,
                        () -> assertThat(db.queryForObject(check, String.class)).isEqualTo("bigint"));
    }

    @Test
    void aPrimaryKeyChangeSwappedOnline(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        String key = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'p'";
        new LifecycleHarness(db, new MigrationFiles(dir), ITEMS, ITEMS)
                .afterExpand(() -> assertThat(db.queryForObject(key, String.class)).isEqualTo("PRIMARY KEY (id, qty)"))
                .afterAbort(() -> assertThat(db.queryForObject(key, String.class)).isEqualTo("PRIMARY KEY (id)"))
                .run(SCHEMA, "ALTER TABLE items DROP CONSTRAINT items_pkey, ADD PRIMARY KEY (id, qty);\n", 300,
                        MigrationState.EXPANDED,
                        () -> assertThat(db.queryForObject(key, String.class)).isEqualTo("PRIMARY KEY (id, qty)"));
    }

    /** MySQL/MariaDB add a CHECK only by copying the table: Pitstop adds it to the shadow of an online rebuild. */
    @Test
    void aCheckConstraintOnMySqlThroughTheOnlineRebuild(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        String checks = "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() "
                + "AND table_name = 'items' AND constraint_type = 'CHECK'";
        new LifecycleHarness(db, new MigrationFiles(dir), ITEMS, ITEMS)
                .afterExpand(() -> assertThat(db.queryForObject(checks, Long.class)).isOne())
                .afterAbort(() -> assertThat(db.queryForObject(checks, Long.class)).isZero())
                .run(SCHEMA, "ALTER TABLE items ADD CONSTRAINT items_qty_not_negative CHECK (qty >= 0);\n", 300,
                        MigrationState.EXPANDED, () -> {
                            assertThat(db.queryForObject(checks, Long.class)).isOne();
                            assertThatThrownBy(() -> db.execute("INSERT INTO items VALUES (-5, -1, 'breaks it')"))
                                    .hasMessageContaining("items_qty_not_negative");
                        });
    }

    @Test
    void aRowThatBreaksTheCheckStopsTheCopyNamingItsKey(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__schema.sql", SCHEMA);
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        db.execute("INSERT INTO items VALUES (1, 3, 'fine'), (2, -7, 'breaks the check'), (3, 4, 'fine')");
        files.write("V2__check.sql", "ALTER TABLE items ADD CONSTRAINT items_qty_not_negative CHECK (qty >= 0);\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("items", "2"));
        assertThat(db.queryForObject("SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = "
                + "DATABASE() AND table_name = 'items' AND constraint_type = 'CHECK'", Long.class)).isZero();
        db.execute("UPDATE items SET qty = 0 WHERE id = 2");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
    }
}
