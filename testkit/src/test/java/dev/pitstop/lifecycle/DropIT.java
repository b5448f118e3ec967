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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DROP COLUMN and DROP TABLE wait for contract: until then the previous version reads and writes what
 * is dropped and the new one leaves it out; abort has nothing to undo.
 */
@WithDatabases
class DropIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dropsWaitForContractWhileBothVersionsWork(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create.sql", "CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT NOT NULL);\n"
                + "CREATE TABLE legacy (id INT PRIMARY KEY);\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        files.write("V2__drop.sql", "ALTER TABLE orders DROP COLUMN note;\nDROP TABLE legacy;\n");

        assertThat(pitstop.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(Schema.columns(db, "orders")).contains("note");
        assertThat(Schema.tableExists(db, "legacy")).isTrue();
        // the previous version writes and reads both; the new one leaves them out
        db.execute("INSERT INTO orders (id, note, qty) VALUES (1, 'old version', 1)", "INSERT INTO legacy VALUES (1)",
                "INSERT INTO orders (id, qty) VALUES (2, 2)");
        assertThat(db.queryForObject("SELECT note FROM orders WHERE id = 1", String.class)).isEqualTo("old version");

        assertThat(pitstop.abort().aborted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.PENDING));
        assertThat(Schema.columns(db, "orders")).contains("note");
        pitstop.migrate();
        assertThat(pitstop.contract().contracted()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        assertThat(Schema.columns(db, "orders")).doesNotContain("note");
        assertThat(Schema.tableExists(db, "legacy")).isFalse();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(2);

        files.write("V3__drop_qty.sql", "ALTER TABLE orders DROP COLUMN qty;\n");
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("qty", "NOT NULL without a default", "Give them a default");
        });
        assertThat(Schema.columns(db, "orders")).contains("qty");
    }
}
