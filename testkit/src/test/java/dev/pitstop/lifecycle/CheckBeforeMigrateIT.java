package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.AppliedMigration;
import dev.pitstop.ErrorCode;
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
 * {@code plan} and {@code migrate} run the compatibility checker first: a pending file is checked against the
 * schema the applied files replay to, and a refusal lists every finding and changes nothing.
 */
@WithDatabases
class CheckBeforeMigrateIT {
    private static final String CREATE = "CREATE TABLE orders (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0, note VARCHAR(50));\n";

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRefusedPendingFileStopsPlanAndMigrateWithEveryFindingAndChangesNothing(DatabaseKind kind, TestDatabases dbs,
                                                                               @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_orders.sql", CREATE);
        Pitstop pitstop = files.pitstop(db);
        assertThat(pitstop.migrate().applied()).extracting(AppliedMigration::version).containsExactly("1");
        files.write("V2__narrow.sql", narrowQty(kind) + (kind == DatabaseKind.MYSQL
                ? "ALTER TABLE orders MODIFY note VARCHAR(50) NOT NULL;\n" : "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"));

        for (Runnable command : new Runnable[] {pitstop::plan, pitstop::migrate}) {
            assertThatThrownBy(command::run).isInstanceOfSatisfying(PitstopException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CHECK_REFUSED);
                assertThat(e.exitCode()).isEqualTo(1);
                assertThat(e.getMessage()).contains("Nothing was changed", "narrowing-type-change  V2__narrow.sql:1",
                        "set-not-null-without-fill  V2__narrow.sql:2", "2 refused").doesNotContain("V1__");
            });
        }
                assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anOverrideWithAReasonLetsMigrateRunTheStatement(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_orders.sql", CREATE);
        files.write("V2__narrow.sql", "-- pitstop:allow narrowing-type-change every qty is below 1000\n" + narrowQty(kind));

        assertThat(files.pitstop(db).migrate().applied()).extracting(AppliedMigration::version).containsExactly("1", "2");
    }

    private static String narrowQty(DatabaseKind kind) {
        return kind == DatabaseKind.MYSQL ? "ALTER TABLE orders MODIFY qty SMALLINT NOT NULL DEFAULT 0;\n"
                : "ALTER TABLE orders ALTER COLUMN qty TYPE SMALLINT;\n";
    }
}
