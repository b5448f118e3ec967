package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connected, the checker reads the live schema: a table that existed before Pitstop (no migration file creates it)
 * is judged by its real columns and keys, and a statement the dialect cannot run online on this server, as the
 * table stands, is refused by {@code check} with every other finding instead of one at a time by {@code migrate}.
 */
@WithDatabases
class LiveSchemaIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTableFromBeforePitstopIsJudgedByWhatTheServerHolds(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE legacy (id INT PRIMARY KEY, note VARCHAR(200), code VARCHAR(10) NOT NULL, qty INT)",
                "CREATE INDEX legacy_code ON legacy (code)",
                "INSERT INTO legacy (id, note, code, qty) VALUES (1, 'a fairly long note of thirty chars', 'A', 1)");
        MigrationFiles files = new MigrationFiles(dir);
        boolean pg = kind == DatabaseKind.POSTGRES;
        // the dialect is asked about the first statement on a table only: the live catalog describes the table as
        // it is before the migration, not after its earlier statements
        files.write("V1__legacy.sql", "ALTER TABLE legacy RENAME COLUMN code TO sku;\n"
                + (pg ? "ALTER TABLE legacy ALTER COLUMN note TYPE VARCHAR(20);\n" : "ALTER TABLE legacy MODIFY note VARCHAR(20);\n")
                + (pg ? "ALTER TABLE legacy ALTER COLUMN qty SET NOT NULL;\n" : "ALTER TABLE legacy MODIFY qty INT NOT NULL;\n"));

        CheckResult offline = Pitstop.configure().dialect(pg ? "postgres" : "mysql").locations("filesystem:" + dir).check();
        assertThat(offline.findings()).extracting(CheckFinding::rule)
                .doesNotContain("narrowing-type-change", "not-online-on-server", "set-not-null-without-fill");

        CheckResult connected = files.configure(db).check();
        assertThat(connected.refused()).isTrue();
        List<CheckFinding> refused = connected.findings().stream()
                .filter(f -> f.severity() == CheckFinding.Severity.REFUSED).toList();
        assertThat(refused).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("narrowing-type-change");
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.why()).contains("varchar(200)");
        }).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("not-online-on-server");
            assertThat(f.line()).isEqualTo(1);
            assertThat(f.why()).contains(pg ? "PostgreSQL" : "MariaDB", "legacy_code");
        }).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("set-not-null-without-fill");
            assertThat(f.line()).isEqualTo(3);
        });

        // migrate refuses too, and changes nothing
        assertThatThrownBy(() -> files.pitstop(db).migrate()).isInstanceOf(PitstopException.class)
                .satisfies(e -> assertThat(((PitstopException) e).code()).isIn(ErrorCode.CHECK_REFUSED));
        assertThat(Schema.columns(db, "legacy")).containsExactly("id", "note", "code", "qty");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theSameStatementsAreAcceptedOnceTheLiveTableAllowsThem(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE legacy (id INT PRIMARY KEY, note VARCHAR(10), code VARCHAR(10) NOT NULL)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__legacy.sql", (kind == DatabaseKind.POSTGRES ? "ALTER TABLE legacy ALTER COLUMN note TYPE VARCHAR(20);\n"
                : "ALTER TABLE legacy MODIFY note VARCHAR(20);\n") + "ALTER TABLE legacy RENAME COLUMN code TO sku;\n");
        CheckResult connected = files.configure(db).check();
        assertThat(connected.findings()).noneMatch(f -> f.severity() == CheckFinding.Severity.REFUSED);
        assertThat(connected.findings()).extracting(CheckFinding::rule).contains("rename-expand-contract");
    }
}
