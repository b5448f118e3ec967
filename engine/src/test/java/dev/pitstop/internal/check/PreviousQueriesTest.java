package dev.pitstop.internal.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckFinding.Severity;
import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} with the previous version's own SQL, through the library facade, offline. */
class PreviousQueriesTest {
    @TempDir
    Path dir;

    private CheckResult check(String dialect, String create, String change, String queries) throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V1__create.sql"), create);
        Files.writeString(migrations.resolve("V2__change.sql"), change);
        Path file = Files.writeString(dir.resolve("queries.sql"), queries);
        return Pitstop.configure().locations(migrations.toString()).dialect(dialect).previousQueries(file).check();
    }

    private static final String ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, qty int NOT NULL, note text);\n";

    @Test
    void aDropColumnIsRefusedWhenAPreviousQueryReadsTheColumn() throws IOException {
        CheckResult result = check("postgres", ORDERS, "ALTER TABLE orders DROP COLUMN note;\n",
                "SELECT id, qty FROM orders WHERE id = $1;\nSELECT o.note FROM orders o WHERE o.id = ?;\n");

        assertThat(result.refused()).isTrue();
        assertThat(result.findings()).filteredOn(f -> f.severity() == Severity.REFUSED).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("previous-query-fails");
            assertThat(f.where()).isEqualTo("V2__change.sql:1");
            assertThat(f.why()).contains("queries.sql:2", "column orders.note does not exist");
        });
        assertThat(result.findings()).extracting(CheckFinding::rule).doesNotContain("drop-unread");
    }

    @Test
    void theSameDropColumnIsAcceptedAndMayRunInExpandWhenNoPreviousQueryTouchesIt() throws IOException {
        CheckResult result = check("postgres", ORDERS, "ALTER TABLE orders DROP COLUMN note;\n",
                "SELECT id, qty FROM orders WHERE id = $1;\nINSERT INTO orders (id, qty) VALUES (?, ?);\n"
                        + "UPDATE orders SET qty = qty + 1 WHERE id = ?;\nSET search_path = public;\n");

        assertThat(result.refused()).isFalse();
        assertThat(result.findings()).extracting(CheckFinding::rule).contains("drop-deferred", "drop-unread");
        assertThat(result.findings()).filteredOn(f -> f.rule().equals("drop-unread")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("queries.sql", "allowed to run in expand"));
    }

    @Test
    void aSelectStarOrAnInsertWithoutColumnListCountsAsTouchingEveryColumn() throws IOException {
        CheckResult result = check("mysql", ORDERS.replace("bigint", "BIGINT"), "ALTER TABLE orders DROP COLUMN note;\n",
                "SELECT * FROM orders;\n");

        assertThat(result.refused()).isFalse();
        assertThat(result.findings()).extracting(CheckFinding::rule).doesNotContain("drop-unread");
    }

    @Test
    void aPreviousInsertThatLeavesOutANewNotNullColumnWithoutDefaultIsRefused() throws IOException {
        CheckResult result = check("postgres", ORDERS, "ALTER TABLE orders ADD COLUMN ref int NOT NULL;\n",
                "INSERT INTO orders (id, qty) VALUES (?, ?);\n");

        assertThat(result.findings()).filteredOn(f -> f.rule().equals("previous-query-fails")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("leaves out orders.ref"));
    }

    @Test
    void aDroppedTableAPreviousQueryJoinsIsRefusedAndARenamedColumnIsNot() throws IOException {
        CheckResult result = check("postgres", ORDERS + "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n",
                "DROP TABLE notes;\nALTER TABLE orders RENAME COLUMN qty TO quantity;\n",
                "SELECT o.qty, n.body FROM orders o JOIN notes n ON n.id = o.id;\n");

        assertThat(result.findings()).filteredOn(f -> f.rule().equals("previous-query-fails"))
                .extracting(CheckFinding::where, f -> f.why().contains("table notes does not exist"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("V2__change.sql:1", true));
    }

    @Test
    void aPreviousQueryThatDoesNotParseIsRefusedWithItsLine() throws IOException {
        assertThatThrownBy(() -> check("postgres", ORDERS, "ALTER TABLE orders DROP COLUMN note;\n",
                "SELECT id FROM orders;\n\nSELEC broken FROM;\n"))
                .isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL);
                    assertThat(e.getMessage()).contains("queries.sql:3");
                });
    }
}
