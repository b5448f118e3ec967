package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrationState;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL ALTER COLUMN ... TYPE that only changes metadata runs as written, and the table's storage
 * is not rewritten. Rewriting changes go through the online rebuild ({@link OnlineRebuildIT}).
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

    private static long storage(TestDatabase db) {
        return db.queryForObject("SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass", Number.class).longValue();
    }
}
