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

    @Test
    void aLiteralThePreviousVersionWritesThatNoLongerFitsIsRefusedEvenWhenTheNarrowingIsAllowed() throws IOException {
        CheckResult result = check("postgres", "CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20), qty int);\n",
                "-- pitstop:allow narrowing-type-change codes are five letters now\n"
                        + "ALTER TABLE orders ALTER COLUMN code TYPE varchar(5);\n",
                "INSERT INTO orders (id, code, qty) VALUES (?, 'ABCDEFGH', 1), (?, 'ABC', 2);\n"
                        + "UPDATE orders SET code = 'ABCDE' WHERE id = ?;\n");

        assertThat(result.findings()).filteredOn(f -> f.severity() == Severity.REFUSED).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("previous-query-fails");
            assertThat(f.why()).contains("queries.sql:1", "the value 'ABCDEFGH' no longer fits orders.code (varchar(5))",
                    "8 characters, more than 5");
        });
    }

    @Test
    void anIntegerLiteralOutOfTheNewRangeIsRefusedOnMysql() throws IOException {
        CheckResult result = check("mysql", "CREATE TABLE orders (id bigint PRIMARY KEY, qty int NOT NULL);\n",
                "-- pitstop:allow narrowing-type-change quantities stay small\nALTER TABLE orders MODIFY qty SMALLINT NOT NULL;\n",
                "UPDATE orders SET qty = 70000 WHERE id = 1;\nUPDATE orders SET qty = -5 WHERE id = 2;\n");

        assertThat(result.findings()).filteredOn(f -> f.severity() == Severity.REFUSED).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("the value 70000 no longer fits orders.qty (smallint)",
                        "out of its range -32768 to 32767"));
    }

    @Test
    void aComparisonWithAnEnumValueThatIsGoneFailsOnPostgres() throws IOException {
        CheckResult result = check("postgres", "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
                        + "CREATE TABLE people (id bigint PRIMARY KEY, mood mood);\n",
                "-- pitstop:allow enum-value-change nobody is sad\nALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n",
                "SELECT id FROM people WHERE mood IN ('ok', 'sad');\n");

        assertThat(result.findings()).filteredOn(f -> f.severity() == Severity.REFUSED && f.file().equals("V2__change.sql"))
                .singleElement()
                .satisfies(f -> assertThat(f.why()).contains("the comparison with 'sad' no longer fits people.mood",
                        "not one of its values"));
    }

    @Test
    void literalsThatStillFitAndNumericPrecisionAreJudgedExactly() throws IOException {
        CheckResult result = check("postgres", "CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric(10,2));\n",
                "-- pitstop:allow narrowing-type-change prices stay under a thousand\n"
                        + "ALTER TABLE prices ALTER COLUMN amount TYPE numeric(5,2);\n",
                "INSERT INTO prices (id, amount) VALUES (1, 999.99);\nUPDATE prices SET amount = 1000.5 WHERE id = 7;\n");

        assertThat(result.findings()).filteredOn(f -> f.severity() == Severity.REFUSED).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("queries.sql:2", "the value 1000.5", "4 digits before the point, "
                        + "more than 3"));
    }
}
