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
 * PostgreSQL ALTER COLUMN ... TYPE: metadata-only changes run (and the table's storage is not
 * rewritten); a change that would rewrite the table is refused before it runs, by plan and by migrate.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class AlterColumnTypeIT {

    @Test
    void widenedVarcharAndNumericPrecisionRunWithoutRewritingTheTable(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(50), total NUMERIC(10,2))",
                "INSERT INTO orders SELECT g, 'n' || g, g / 100.0 FROM generate_series(1, 1000) g");
        long storageBefore = storage(db);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE orders ALTER COLUMN note TYPE varchar(200), "
                + "ALTER COLUMN total TYPE numeric(14,2);\nALTER TABLE orders ALTER COLUMN note TYPE text;\n");

        assertThat(files.pitstop(db).migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));

        assertThat(db.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = 'orders'::regclass AND attname = 'total'", String.class)).isEqualTo("numeric(14,2)");
        assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                + "AND column_name = 'note'", String.class)).isEqualTo("text");
        assertThat(storage(db)).as("relfilenode unchanged: no rewrite").isEqualTo(storageBefore);
    }

    @Test
    void aRewritingTypeChangeIsRefusedByPlanAndMigrateAndNothingChanges(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, qty INT)");
        long storageBefore = storage(db);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(20);\n");
        files.write("V2__bigint.sql", "-- grow the counter\nALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        Pitstop pitstop = files.pitstop(db);

        assertThatThrownBy(pitstop::plan).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("V2__bigint.sql:2", "from integer to bigint", "rewrites the table");
        });
        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains("V2__bigint.sql:2", "Nothing of step 1 ran");
        });

        assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                + "AND column_name = 'qty'", String.class)).isEqualTo("integer");
        assertThat(storage(db)).isEqualTo(storageBefore);
        assertThat(pitstop.status().migrations()).extracting(m -> m.state())
                .containsExactly(MigrationState.COMPLETED, MigrationState.FAILED);

        files.write("V2__bigint.sql", "-- a new column instead\nALTER TABLE orders ADD COLUMN qty_big BIGINT;\n");
        assertThat(pitstop.migrate().applied()).hasSize(1);
    }

    @Test
    void aUsingExpressionIsRefused(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, total_cents BIGINT)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__money.sql", "ALTER TABLE orders ALTER COLUMN total_cents TYPE numeric(12,2) USING total_cents / 100.0;\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.getMessage()).contains("V1__money.sql:1", "USING", "rewrites every row"));
    }

    private static long storage(TestDatabase db) {
        return db.queryForObject("SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass", Number.class).longValue();
    }
}
