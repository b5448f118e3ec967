package dev.pitstop.lifecycle;

import static dev.pitstop.testkit.TwinTable.keyColumn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.TwinTable;
import dev.pitstop.testkit.TwinWorkload;
import dev.pitstop.testkit.WithDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-downtime oracle of {@link MySqlRebuildIT} on other shapes of table, as
 * {@link OnlineRebuildShapesOracleIT} runs it on PostgreSQL: a composite key, a VARCHAR key, a NOT NULL
 * unique key without a primary key, names that need backticks, JSON, ENUM and generated columns, and
 * 4-byte UTF-8 text. Each runs {@code MODIFY <qty> BIGINT NOT NULL} on 200,000 rows under the workload and
 * asserts: no workload error, at least 100 transactions a second, the longest under a second, the table
 * equal to its twin row for row and byte for byte, its definition as before but for qty, nothing of
 * Pitstop's left after contract.
 *
 * <p>Rows are compared as bytes ({@code CAST(... AS BINARY)}): under the usual {@code _ci} collations
 * {@code 'a' = 'A'}, trailing spaces do not count, and {@code utf8mb4_general_ci} holds every character
 * outside the Basic Multilingual Plane equal to every other, so an emoji swapped for another would compare
 * equal.
 */
@WithDatabases(DatabaseKind.MYSQL)
class MySqlRebuildShapesOracleIT {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlRebuildShapesOracleIT.class);
    private static final int ROWS = 200_000;
    private static final TwinTable ORDERS = TwinTable.bigintId("orders", "orders_twin");
    /** U+1F418 and U+1F980: four bytes each in UTF-8. The fill writes the first, the workload the second. */
    private static final String ELEPHANT = "\uD83D\uDC18";
    private static final String CRAB = "\uD83E\uDD80";

    /**
     * A table the workload writes to.
     *
     * @param more column definitions after the workload's columns, and the key: {@code , PRIMARY KEY (id)}
     * @param options after the closing parenthesis of CREATE TABLE
     * @param noteType the note column's type
     * @param noteFill the fill's note, an SQL expression over {@code seq}
     * @param filled columns the fill writes besides the workload's: {@code , attrs, status} (or empty)
     * @param fill their values over {@code seq}: {@code , JSON_OBJECT('n', seq), 'paid'}
     * @param compared further columns the comparison with the twin covers (generated ones among them)
     */
    record Shape(String name, TwinTable t, String more, String options, String noteType, String noteFill,
                 String noteSuffix, String filled, String fill, List<String> compared) {

        static Shape of(String name, TwinTable t, String more) {
            return new Shape(name, t, more, " ENGINE=InnoDB", "VARCHAR(100)", "CONCAT('n', seq)", "", "", "", List.of());
        }

        Shape withColumns(String more, String filled, String fill, String... compared) {
            return new Shape(name, t, more, options, noteType, noteFill, noteSuffix, filled, fill, List.of(compared));
        }

        Shape withNotes(String options, String noteType, String noteFill, String noteSuffix) {
            return new Shape(name, t, more, options, noteType, noteFill, noteSuffix, filled, fill, compared);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                Shape.of("composite primary key (region, id)",
                        ORDERS.withKey("id", keyColumn("region", "INT", "MOD({n}, 8)"), keyColumn("id", "BIGINT", "{n}")),
                        ", PRIMARY KEY (region, id)"),
                // the hash prefix scatters new keys over the whole range, ahead of the copy and behind it
                Shape.of("VARCHAR primary key",
                        ORDERS.withKey("CAST(SUBSTRING_INDEX(code, '-', -1) AS UNSIGNED)",
                                keyColumn("code", "VARCHAR(40)", "CONCAT(LEFT(MD5({n}), 6), '-', {n})")),
                        ", PRIMARY KEY (code)"),
                Shape.of("NOT NULL unique key, no primary key",
                        ORDERS.withKey("order_no", keyColumn("order_no", "BIGINT", "{n}")),
                        ", UNIQUE KEY order_no_unique (order_no), KEY qty_idx (qty)"),
                Shape.of("backticked mixed-case names with spaces and reserved words",
                        ORDERS.named("`Order Lines`", "`Order Lines twin`")
                                .withKey("`Select`", keyColumn("`Select`", "BIGINT", "{n}"))
                                .withColumns("`Group Qty`", "`Note`", "`Total Cents`"),
                        ", PRIMARY KEY (`Select`), KEY `Key` (`Group Qty`, `Note`)"),
                Shape.of("JSON, ENUM, stored and indexed virtual generated columns", ORDERS, "")
                        .withColumns(", attrs JSON, status ENUM('new', 'paid', 'shipped') NOT NULL DEFAULT 'new', "
                                        + "qty_twice BIGINT AS (qty * 2) STORED, "
                                        + "note_length INT AS (CHAR_LENGTH(note)) VIRTUAL, "
                                        + "PRIMARY KEY (id), KEY note_length_idx (note_length)",
                                ", attrs, status",
                                ", JSON_OBJECT('n', seq, 'tags', JSON_ARRAY('a', seq % 7)), ELT(1 + seq % 3, 'new', 'paid', 'shipped')",
                                "attrs", "status", "qty_twice", "note_length"),
                Shape.of("utf8mb4 notes with 4-byte characters in a latin1 table", ORDERS, ", PRIMARY KEY (id)")
                        .withNotes(" ENGINE=InnoDB DEFAULT CHARSET=latin1",
                                "VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                                "CONCAT('n', seq, ' " + ELEPHANT + "')", " " + CRAB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void concurrentWritersLoseNothingSeeNoErrorAndWaitUnderASecond(Shape shape, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = filledTwins(dbs, shape);
        TwinTable t = shape.t();
        String definitionBefore = showCreateTable(db, t.table());
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__widen.sql", "ALTER TABLE " + t.table() + " MODIFY " + t.qty() + " BIGINT NOT NULL;\n");
        Pitstop pitstop = files.pitstop(db);
        assertThat(pitstop.plan().pending().get(0).steps().get(0).kind()).isEqualTo("rebuild-table");

        TwinWorkload.Report report;
        try (TwinWorkload workload = new TwinWorkload(db.dataSource(), t, ROWS, 4, 150)
                .withNoteSuffix(shape.noteSuffix()).start()) {
            Thread.sleep(1000);
            assertThat(pitstop.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            Thread.sleep(1000);
            report = workload.stop();
        }
        LOG.info("workload during the rebuild of {}: {}", t.table(), report);

        assertThat(report.errors()).as("workload errors, first: %s", report.firstError()).isZero();
        assertThat(report.perSecond()).as("transactions per second").isGreaterThanOrEqualTo(100);
        assertThat(report.deletes() + report.keyChanges()).isGreaterThan(report.transactions() / 5);
        assertThat(report.max()).as("longest workload transaction, ms").isLessThan(1000);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + t.table() + " WHERE " + t.ordinal() + " <= " + ROWS))
                .as("rows of the fill the workload's deletes and key changes left (it found rows by their key)")
                .isLessThan(ROWS);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + t.table() + " WHERE " + t.note() + " LIKE 'upd %'"))
                .as("rows the workload's updates found").isPositive();
        assertThat(showCreateTable(db, t.table())).as("the definition, qty widened")
                .isEqualTo(definitionBefore.replace(backticked(t.qty()) + " int(11) NOT NULL",
                        backticked(t.qty()) + " bigint(20) NOT NULL"));
        assertThat(differing(db, shape, t.table(), t.twin()))
                .as("rows of the rebuilt table without a byte-equal twin row").isZero();
        assertThat(differing(db, shape, t.twin(), t.table()))
                .as("rows of the twin without a byte-equal row in the rebuilt table").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + t.table()))
                .isEqualTo(Schema.count(db, "SELECT COUNT(*) FROM " + t.twin()));
        if (!shape.noteSuffix().isEmpty()) {
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + t.table() + " WHERE HEX(" + t.note() + ") LIKE '%"
                    + hex(shape.noteSuffix()) + "'")).as("rows whose note the workload wrote, its suffix intact").isPositive();
        }
        if (shape.noteFill().contains(ELEPHANT)) {
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM " + t.table() + " WHERE HEX(" + t.note() + ") LIKE '%"
                    + hex(" " + ELEPHANT) + "'")).as("rows whose note the fill wrote, its 4-byte character intact")
                    .isPositive();
        }
        assertThatThrownBy(() -> db.execute("INSERT INTO " + t.table() + " (" + t.columns() + ") SELECT " + t.columns()
                + " FROM " + t.table() + " LIMIT 1")).as("the key still holds").hasMessageContaining("Duplicate entry");

        assertThat(pitstop.contract().contracted()).hasSize(1);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name LIKE '%\\_\\_pitstop\\_%'")).as("shadow, old, tombstone and misfit tables left").isZero();
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .as("triggers left").isZero();
    }

    /** The table and its twin, both holding the rows of ordinals 1..ROWS, filled from MariaDB's sequence table. */
    private static TestDatabase filledTwins(TestDatabases dbs, Shape shape) {
        TestDatabase db = dbs.fresh(DatabaseKind.MYSQL);
        TwinTable t = shape.t();
        for (String table : new String[] {t.table(), t.twin()}) {
            db.execute("CREATE TABLE " + table + " (" + t.keyDefinitions() + ", " + t.qty() + " INT NOT NULL, " + t.note()
                    + " " + shape.noteType() + ", " + t.totalCents() + " BIGINT NOT NULL" + shape.more() + ")"
                    + shape.options());
        }
        db.execute("INSERT INTO " + t.table() + " (" + t.columns() + shape.filled() + ") SELECT " + t.keyValues("seq")
                        + ", seq % 1000, " + shape.noteFill() + ", seq * 3" + shape.fill() + " FROM " + db.numbers(ROWS),
                "INSERT INTO " + t.twin() + " (" + t.columns() + shape.filled() + ") SELECT " + t.columns()
                        + shape.filled() + " FROM " + t.table(),
                "ANALYZE TABLE " + t.table());
        return db;
    }

    /**
     * How many rows of {@code left} have no row in {@code right} equal in every column, byte for byte. The
     * key columns are also compared plainly so that the join can use the key's index.
     */
    private static int differing(TestDatabase db, Shape shape, String left, String right) {
        TwinTable t = shape.t();
        List<String> columns = new ArrayList<>();
        t.key().forEach(k -> columns.add(k.name()));
        columns.addAll(List.of(t.qty(), t.note(), t.totalCents()));
        columns.addAll(shape.compared());
        String keys = t.key().stream().map(k -> "r." + k.name() + " = l." + k.name()).collect(Collectors.joining(" AND "));
        String bytes = columns.stream().map(c -> "CAST(r." + c + " AS BINARY) <=> CAST(l." + c + " AS BINARY)")
                .collect(Collectors.joining(" AND "));
        return Schema.count(db, "SELECT COUNT(*) FROM " + left + " AS l LEFT JOIN " + right + " AS r ON " + keys + " AND "
                + bytes + " WHERE r." + t.key().get(0).name() + " IS NULL");
    }

    private static String showCreateTable(TestDatabase db, String table) {
        return String.valueOf(db.queryForList("SHOW CREATE TABLE " + table).get(0).get("Create Table"));
    }

    /** A column name as SHOW CREATE TABLE writes it. */
    private static String backticked(String name) {
        return name.startsWith("`") ? name : "`" + name + "`";
    }

    /** What MySQL's HEX() gives for the text in UTF-8. */
    private static String hex(String text) {
        return HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
