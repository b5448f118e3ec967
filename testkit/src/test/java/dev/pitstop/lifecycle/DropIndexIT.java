package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DROP INDEX waits for contract, which drops it online (PostgreSQL CONCURRENTLY, MySQL INPLACE/LOCK=NONE):
 * until then the previous version's queries keep their index, and abort has nothing to undo.
 */
@WithDatabases
class DropIndexIT {

    static TwoVersions.Version orders() {
        return new TwoVersions.Version(n -> List.of("INSERT INTO orders (id, note, qty) VALUES (" + n + ", 'n" + n + "', 1)",
                "UPDATE orders SET qty = qty + 1 WHERE note = 'n" + n + "'"), "SELECT id, qty FROM orders WHERE note = 'n1'");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theIndexStaysUntilContract(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT NOT NULL)",
                "CREATE INDEX orders_note_idx ON orders (note)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__drop_note_index.sql", kind == DatabaseKind.POSTGRES ? "DROP INDEX orders_note_idx;\n"
                : "DROP INDEX orders_note_idx ON orders;\n");
        Pitstop pitstop = files.pitstop(db);

        new TwoVersions(db, pitstop, orders(), orders()).run(MigrationState.EXPANDED, (oldRows, newRows) -> {
            assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isTrue();
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders WHERE qty = 2")).isEqualTo(oldRows + newRows);
        });

        assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).as("dropped at contract").isFalse();
    }

    @Test
    void mySqlAlterTableDropIndexRunsAtContractToo(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT NOT NULL)",
                "CREATE INDEX orders_note_idx ON orders (note)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__drop_note_index.sql", "ALTER TABLE orders DROP INDEX orders_note_idx;\n");
        Pitstop pitstop = files.pitstop(db);

        pitstop.migrate();
        assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isTrue();
        pitstop.contract();
        assertThat(Schema.indexExists(db, "orders", "orders_note_idx")).isFalse();
    }
}
