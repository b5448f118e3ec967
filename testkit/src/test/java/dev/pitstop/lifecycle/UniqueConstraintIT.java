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
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ADD CONSTRAINT ... UNIQUE built online (PostgreSQL: a unique index built concurrently, then attached with
 * USING INDEX; MySQL/MariaDB: INPLACE, LOCK=NONE), and unique index builds that meet duplicates: they fail
 * naming the table and the way out, and leave no index behind, invalid or not.
 */
@WithDatabases
class UniqueConstraintIT {
    private static final String TABLE = "CREATE TABLE orders (id BIGINT PRIMARY KEY, code VARCHAR(20), region INT, "
            + "note VARCHAR(50))";
    private static final String ADD_KEY = "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code, region);\n";

    private static TestDatabase orders(TestDatabases dbs, DatabaseKind kind) {
        TestDatabase db = dbs.fresh(kind);
        db.execute(TABLE,
                "INSERT INTO orders (id, code, region) VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 1)");
        return db;
    }

    private static int uniqueConstraints(TestDatabase db) {
        return Schema.count(db, "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = "
                + Schema.current(db) + " AND table_name = 'orders' AND constraint_name = 'orders_code_key' "
                + "AND constraint_type = 'UNIQUE'");
    }

    /** Indexes of that name, valid or not (PostgreSQL's pg_class sees an invalid one too). */
    private static int indexes(TestDatabase db, String index) {
        return db.kind() == DatabaseKind.POSTGRES
                ? Schema.count(db, "SELECT COUNT(*) FROM pg_class WHERE relname = '" + index + "' AND relkind = 'i'")
                : Schema.indexExists(db, "orders", index) ? 1 : 0;
    }

    /**
     * A version that inserts orders in {@code region} and sets the code (the value the harness tracks, unique with
     * every write) on update, and runs {@code extraRead} before it reads the codes.
     */
    private static LifecycleHarness.App version(int region, String extraRead) {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO orders (id, code, region) VALUES (?, ?, " + region + ")", id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE orders SET code = ? WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                rows(c, extraRead);
                return rows(c, "SELECT id, code FROM orders WHERE id > 0");
            }
        };
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aUniqueConstraintIsBuiltOnlineWhileBothVersionsWriteAndAbortDropsItAndItsIndex(DatabaseKind kind,
                                                                                       TestDatabases dbs,
                                                                                       @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        new LifecycleHarness(db, new MigrationFiles(dir), version(1, "SELECT id, note FROM orders"),
                version(2, "SELECT id, code FROM orders WHERE code = 'a' AND region = 1"))
                .afterExpand(() -> {
                    assertThat(uniqueConstraints(db)).isOne();
                    assertThatThrownBy(() -> db.execute("INSERT INTO orders (id, code, region) VALUES (-99, 'a', 1)"))
                            .hasMessageContaining("orders_code_key");
                })
                .afterAbort(() -> {
                    assertThat(uniqueConstraints(db)).isZero();
                    assertThat(indexes(db, "orders_code_key")).isZero();
                })
                .run(TABLE + ";\nINSERT INTO orders (id, code, region) VALUES (-1, 'a', 1), (-2, 'a', 2), (-3, 'b', 1);\n",
                        ADD_KEY, 50, MigrationState.EXPANDED, () -> assertThat(uniqueConstraints(db)).isOne());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void duplicatesFailTheConstraintNamingTableAndColumnsAndLeaveNoIndexUntilTheyAreRemoved(DatabaseKind kind,
                                                                                          TestDatabases dbs,
                                                                                          @TempDir Path dir) {
        TestDatabase db = orders(dbs, kind);
        db.execute("INSERT INTO orders (id, code, region) VALUES (4, 'a', 1)");
        MigrationFiles files = new MigrationFiles(dir);
        // the checker refuses duplicates before anything runs (DataChecksIT); past it, the build fails by itself
        files.write("V1__orders_code_key.sql", "-- pitstop:allow unique-on-duplicates the duplicates are there on purpose: this exercises the build's own failure\n" + ADD_KEY);
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("orders has rows with the same (code, region)", "orders_code_key",
                    "no index was left behind", "GROUP BY code, region HAVING count(*) > 1", "run migrate again");
        });
        assertThat(indexes(db, "orders_code_key")).isZero();

        db.execute("DELETE FROM orders WHERE id = 4");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(uniqueConstraints(db)).isOne();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aUniqueIndexBuildThatMeetsDuplicatesLeavesNoIndexAndMigrateDropsAnInvalidLeftoverOnceTheyAreFixed(
            DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = orders(dbs, kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__orders_code_idx.sql", "-- pitstop:allow unique-on-duplicates the duplicates are there on purpose: this exercises the build's own failure\n"
                + "CREATE UNIQUE INDEX orders_code_idx ON orders (code);\n");
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("orders has rows that are duplicates", "orders_code_idx",
                    "Remove the duplicates and run migrate again");
        });
        assertThat(indexes(db, "orders_code_idx")).as("no index left, valid or invalid").isZero();

        if (kind == DatabaseKind.POSTGRES) {
            // what a build killed part-way (or one whose cleanup could not run) leaves: an invalid index of that name
            assertThatThrownBy(() -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY orders_code_idx ON orders (code)"))
                    .hasMessageContaining("could not create unique index");
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname = 'orders_code_idx' AND NOT i.indisvalid")).isOne();
        }
        db.execute("UPDATE orders SET code = 'c' WHERE id = 2");
        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        assertThat(indexes(db, "orders_code_idx")).isOne();
        if (kind == DatabaseKind.POSTGRES) {
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname = 'orders_code_idx' AND i.indisvalid")).isOne();
        }
    }
}
