package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden tests of the online forms: compared as text with whitespace runs collapsed unless line breaks matter. */
class MySqlOnlineDdlTest {

    private static final Flavour MYSQL_84 = Flavour.of("8.4.3");
    private static final Flavour MARIADB_1011 = Flavour.of("5.5.5-10.11.19-MariaDB");

    private static OnlineDdl ddl(Flavour flavour) {
        return new MySqlDialect(flavour).onlineDdl();
    }

    private static String normalised(Sql sql) {
        assertThat(sql.args()).isEmpty();
        return sql.text().strip().replaceAll("\\s+", " ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATE INDEX orders_total ON orders (total)        | CREATE INDEX orders_total ON orders (total) ALGORITHM=INPLACE LOCK=NONE",
            "CREATE UNIQUE INDEX orders_ref ON `orders` (`ref`) | CREATE UNIQUE INDEX orders_ref ON `orders` (`ref`) ALGORITHM=INPLACE LOCK=NONE",
            "  create index i on t (a)                          | create index i on t (a) ALGORITHM=INPLACE LOCK=NONE"})
    void createIndexIsBuiltInPlaceWithoutLocking(String statement, String online) {
        assertThat(normalised(ddl(MYSQL_84).createIndex(statement))).isEqualTo(online);
        assertThat(normalised(ddl(MARIADB_1011).createIndex(statement))).isEqualTo(online);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX i ON t (a) ALGORITHM = INPLACE",
            "CREATE INDEX i ON t (a) LOCK=NONE",
            "create index i on t (a) algorithm=inplace lock=none"})
    void anExplicitOnlineAlgorithmOrLockIsLeftAsWritten(String statement) {
        assertThat(normalised(ddl(MYSQL_84).createIndex(statement))).isEqualTo(statement);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX i ON t (a) ALGORITHM=COPY",
            "CREATE INDEX i ON t (a) ALGORITHM=DEFAULT",
            "CREATE INDEX i ON t (a) LOCK=SHARED",
            "CREATE INDEX i ON t (a) ALGORITHM=INPLACE LOCK=EXCLUSIVE"})
    void anExplicitBlockingAlgorithmOrLockIsRefused(String statement) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ddl(MYSQL_84).createIndex(statement))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocks the table's writers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ddl(MARIADB_1011).addColumns(
                "ALTER TABLE t ADD COLUMN c INT, " + statement.substring(statement.indexOf(')') + 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTrailingLineCommentGetsALineBreakBeforeTheClause() {
        assertThat(ddl(MYSQL_84).createIndex("CREATE INDEX i ON t (a) -- speeds up the report").text())
                .isEqualTo("CREATE INDEX i ON t (a) -- speeds up the report\n ALGORITHM=INPLACE LOCK=NONE");
        assertThat(ddl(MYSQL_84).createIndex("CREATE INDEX i ON t (a) # speeds up the report").text())
                .isEqualTo("CREATE INDEX i ON t (a) # speeds up the report\n ALGORITHM=INPLACE LOCK=NONE");
    }

    @Test
    void aLineCommentOnAnEarlierLineNeedsNoLineBreak() {
        assertThat(ddl(MYSQL_84).createIndex("CREATE INDEX i -- why\nON t (a)").text())
                .isEqualTo("CREATE INDEX i -- why\nON t (a) ALGORITHM=INPLACE LOCK=NONE");
    }

    @Test
    void addColumnsIsInstantOnMySql8AndMariaDb() {
        String statement = "ALTER TABLE orders ADD COLUMN note varchar(200) DEFAULT 'none'";

        assertThat(normalised(ddl(MYSQL_84).addColumns(statement)))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note varchar(200) DEFAULT 'none', ALGORITHM=INSTANT");
        assertThat(normalised(ddl(MARIADB_1011).addColumns(statement)))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note varchar(200) DEFAULT 'none', ALGORITHM=INSTANT");
        assertThat(normalised(ddl(Flavour.of("8.0.36")).addColumns(statement))).endsWith(", ALGORITHM=INSTANT");
    }

    @Test
    void addColumnsIsInPlaceWithoutLockingOnServersWithoutInstantAdd() {
        String statement = "ALTER TABLE orders ADD COLUMN note text";

        assertThat(normalised(ddl(Flavour.of("10.2.44-MariaDB")).addColumns(statement)))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(normalised(ddl(Flavour.of("5.7.44")).addColumns(statement)))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INPLACE, LOCK=NONE");
    }

    @Test
    void addColumnsWithAnExplicitAlgorithmIsLeftAsWritten() {
        assertThat(normalised(ddl(MYSQL_84).addColumns("ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INPLACE")))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INPLACE");
    }

    @Test
    void addColumnsWithATrailingCommentGetsALineBreakBeforeTheClause() {
        assertThat(ddl(MYSQL_84).addColumns("ALTER TABLE orders ADD COLUMN note text -- free text").text())
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text -- free text\n, ALGORITHM=INSTANT");
    }

    @Test
    void aFailedIndexBuildLeavesNothingToDrop() {
        assertThat(ddl(MYSQL_84).dropIndexLeftover("orders", "orders_total")).isEmpty();
    }

    @Test
    void createTableRunsAsWritten() {
        assertThat(normalised(ddl(MYSQL_84).createTable("CREATE TABLE `t` (\n  `id` int PRIMARY KEY\n)\n")))
                .isEqualTo("CREATE TABLE `t` ( `id` int PRIMARY KEY )");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DROP INDEX orders_total ON orders            | ALTER TABLE orders DROP INDEX orders_total, ALGORITHM=INPLACE, LOCK=NONE",
            "DROP INDEX IF EXISTS orders_total ON orders  | ALTER TABLE orders DROP INDEX IF EXISTS orders_total, ALGORITHM=INPLACE, LOCK=NONE",
            "ALTER TABLE orders DROP INDEX orders_total   | ALTER TABLE orders DROP INDEX orders_total, ALGORITHM=INPLACE, LOCK=NONE",
            "DROP INDEX orders_total ON orders LOCK=NONE  | DROP INDEX orders_total ON orders LOCK=NONE"})
    void dropIndexRunsInPlaceWithoutALock(String statement, String online) {
        assertThat(normalised(ddl(MARIADB_1011).dropIndex(statement, "orders", "orders_total"))).isEqualTo(online);
    }

    @Test
    void theRenameSwapsAPreparedViewInWithOneAtomicRenameTable() {
        OnlineDdl ddl = ddl(MARIADB_1011);
        assertThat(ddl.renameBehindView("`accounts`", "`customers`", "`_accounts__pitstop_view`", "`_accounts__pitstop_parked`"))
                .extracting(MySqlOnlineDdlTest::normalised).containsExactly(
                        "CREATE OR REPLACE VIEW `customers` AS SELECT * FROM `accounts` AS pitstop_rename_placeholder",
                        "CREATE OR REPLACE ALGORITHM=MERGE VIEW `_accounts__pitstop_view` AS SELECT * FROM `customers`",
                        "RENAME TABLE `customers` TO `_accounts__pitstop_parked`, `accounts` TO `customers`, "
                                + "`_accounts__pitstop_view` TO `accounts`",
                        "DROP VIEW IF EXISTS `_accounts__pitstop_parked`");
        assertThat(ddl.renameBack("accounts", "customers", "`_accounts__pitstop_view`"))
                .extracting(MySqlOnlineDdlTest::normalised).containsExactly(
                        "RENAME TABLE accounts TO `_accounts__pitstop_view`, customers TO accounts",
                        "DROP VIEW IF EXISTS `_accounts__pitstop_view`");
        assertThat(ddl.quote("_accounts__pitstop_view", "app.accounts")).isEqualTo("app.`_accounts__pitstop_view`");
    }

    @Test
    void abortStatements() {
        OnlineDdl ddl = ddl(MARIADB_1011);
        assertThat(normalised(ddl.dropColumns("orders", java.util.List.of("note"))))
                .isEqualTo("ALTER TABLE orders DROP COLUMN note, ALGORITHM=INSTANT");
        assertThat(normalised(ddl.dropIndex("orders", "orders_total")))
                .isEqualTo("ALTER TABLE orders DROP INDEX orders_total, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(normalised(ddl.renameTable("events", "`events__pitstop_aborted`")))
                .isEqualTo("RENAME TABLE events TO `events__pitstop_aborted`");
        assertThat(ddl.alterColumnType("notes", "body", "text")).isEmpty();
    }

    @Test
    void mariaDbAddsAForeignKeyInPlaceWithoutCheckingForThatStatementOnlyAndMySqlHasNoSuchForm() {
        String statement = "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)";
        assertThat(normalised(ddl(MARIADB_1011).addForeignKey(statement).orElseThrow())).isEqualTo("SET STATEMENT "
                + "foreign_key_checks = 0 FOR " + statement + ", ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(ddl(MYSQL_84).addForeignKey(statement)).isEmpty();
        assertThat(ddl(MARIADB_1011).addCheck("ALTER TABLE orders ADD CONSTRAINT c CHECK (qty > 0)")).isEmpty();
        assertThat(ddl(MARIADB_1011).validateConstraint("orders", "c")).isEmpty();
        assertThat(ddl(MARIADB_1011).notNullCheck("orders", "c", "qty")).isEmpty();
    }

    @Test
    void orphansAreFoundWithAnAntiJoinThatSkipsRowsWithANullKeyColumn() {
        assertThat(normalised(ddl(MARIADB_1011).foreignKeyOrphans("lines", java.util.List.of("order_id", "`region`"), "orders",
                java.util.List.of("id", "`region`")))).isEqualTo("SELECT c.order_id, c.`region` FROM lines c WHERE "
                + "c.order_id IS NOT NULL AND c.`region` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders p WHERE "
                + "p.id = c.order_id AND p.`region` = c.`region`) LIMIT 5");
    }

    @Test
    void defaultsUniqueKeysAndTheirUndoAreInstantOrInPlace() {
        assertThat(normalised(ddl(MYSQL_84).alterColumnDefault("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x'")))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x', ALGORITHM=INSTANT");
        assertThat(normalised(ddl(MYSQL_84).restoreColumnDefault("orders", "note", null)))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN `note` DROP DEFAULT, ALGORITHM=INSTANT");
        assertThat(normalised(ddl(MYSQL_84).addUnique("ALTER TABLE orders ADD CONSTRAINT k UNIQUE (code)")))
                .isEqualTo("ALTER TABLE orders ADD CONSTRAINT k UNIQUE (code), ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(normalised(ddl(MYSQL_84).dropUnique("orders", "k")))
                .isEqualTo("ALTER TABLE orders DROP INDEX `k`, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(normalised(ddl(MYSQL_84).dropConstraint("orders", "fk", true)))
                .isEqualTo("ALTER TABLE orders DROP FOREIGN KEY `fk`, ALGORITHM=INPLACE, LOCK=NONE");
    }
}
