package dev.pitstop.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden tests of the online forms: compared as text with whitespace runs collapsed. */
class PostgresOnlineDdlTest {

    private final OnlineDdl ddl = new PostgresDialect(16, 4).onlineDdl();

    private static String normalised(Sql sql) {
        assertThat(sql.args()).isEmpty();
        return sql.text().strip().replaceAll("\\s+", " ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATE INDEX orders_total ON orders (total)              | CREATE INDEX CONCURRENTLY orders_total ON orders (total)",
            "CREATE UNIQUE INDEX orders_ref ON orders (ref)           | CREATE UNIQUE INDEX CONCURRENTLY orders_ref ON orders (ref)",
            "CREATE INDEX IF NOT EXISTS orders_total ON orders(total) | CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total ON orders(total)",
            "create unique index orders_ref on orders (ref)           | create unique index CONCURRENTLY orders_ref on orders (ref)",
            "CREATE INDEX ON orders USING gin (tags)                  | CREATE INDEX CONCURRENTLY ON orders USING gin (tags)"})
    void createIndexIsBuiltConcurrently(String statement, String online) {
        assertThat(normalised(ddl.createIndex(statement))).isEqualTo(online);
    }

    @Test
    void createIndexKeepsLineBreaksAndCommentsOfTheBody() {
        String statement = "CREATE UNIQUE INDEX orders_ref\n    ON orders (ref) -- one per order\n    WHERE ref IS NOT NULL";

        assertThat(ddl.createIndex(statement).text())
                .isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY orders_ref\n    ON orders (ref) -- one per order\n    WHERE ref IS NOT NULL");
    }

    @Test
    void anExplicitConcurrentlyIsLeftAlone() {
        assertThat(normalised(ddl.createIndex("  CREATE UNIQUE INDEX CONCURRENTLY orders_ref ON orders (ref)\n")))
                .isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY orders_ref ON orders (ref)");
        assertThat(normalised(ddl.createIndex("create index concurrently i on t (a)")))
                .isEqualTo("create index concurrently i on t (a)");
    }

    @Test
    void anIndexNamedLikeTheKeywordStillGetsConcurrently() {
        assertThat(normalised(ddl.createIndex("CREATE INDEX concurrently_idx ON t (a)")))
                .isEqualTo("CREATE INDEX CONCURRENTLY concurrently_idx ON t (a)");
    }

    @Test
    void refusesAStatementThatIsNotCreateIndex() {
        assertThatThrownBy(() -> ddl.createIndex("DROP INDEX orders_total"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CREATE INDEX statement");
    }

    @Test
    void theLeftoverOfAFailedBuildIsDroppedConcurrently() {
        assertThat(ddl.dropIndexLeftover("orders", "orders_total")).map(PostgresOnlineDdlTest::normalised)
                .hasValue("DROP INDEX CONCURRENTLY IF EXISTS orders_total");
    }

    @Test
    void theLeftoverOfASchemaQualifiedTableIsDroppedInThatSchema() {
        assertThat(ddl.dropIndexLeftover("sales.orders", "orders_total")).map(PostgresOnlineDdlTest::normalised)
                .hasValue("DROP INDEX CONCURRENTLY IF EXISTS sales.orders_total");
        assertThat(ddl.dropIndexLeftover("\"Sales\".\"Orders\"", "\"Total\"")).map(PostgresOnlineDdlTest::normalised)
                .hasValue("DROP INDEX CONCURRENTLY IF EXISTS \"Sales\".\"Total\"");
    }

    @Test
    void anAlreadyQualifiedIndexNameIsKept() {
        assertThat(ddl.dropIndexLeftover("sales.orders", "archive.orders_total")).map(PostgresOnlineDdlTest::normalised)
                .hasValue("DROP INDEX CONCURRENTLY IF EXISTS archive.orders_total");
    }

    @Test
    void aDotInsideAQuotedTableNameIsNotASchemaQualifier() {
        assertThat(ddl.dropIndexLeftover("\"order.items\"", "orders_total")).map(PostgresOnlineDdlTest::normalised)
                .hasValue("DROP INDEX CONCURRENTLY IF EXISTS orders_total");
    }

    @Test
    void addColumnsAndCreateTableRunAsWritten() {
        assertThat(normalised(ddl.addColumns("ALTER TABLE orders ADD COLUMN note text DEFAULT 'none'\n")))
                .isEqualTo("ALTER TABLE orders ADD COLUMN note text DEFAULT 'none'");
        assertThat(normalised(ddl.createTable("  CREATE TABLE customers (\n  id bigint PRIMARY KEY\n)")))
                .isEqualTo("CREATE TABLE customers ( id bigint PRIMARY KEY )");
    }

    @org.junit.jupiter.api.Test
    void aConcurrentIndexBuildWaitsWithoutBlockingWriters() {
        assertThat(new PostgresDialect(15, 0).onlineDdl().indexBuildWaitsWithoutBlocking()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DROP INDEX orders_total                        | DROP INDEX CONCURRENTLY orders_total",
            "DROP INDEX IF EXISTS orders_total              | DROP INDEX CONCURRENTLY IF EXISTS orders_total",
            "DROP INDEX CONCURRENTLY orders_total           | DROP INDEX CONCURRENTLY orders_total"})
    void dropIndexRunsConcurrently(String statement, String online) {
        assertThat(normalised(ddl.dropIndex(statement, null, "orders_total"))).isEqualTo(online);
        assertThat(ddl.indexDropWaitsWithoutBlocking()).isTrue();
    }

    @Test
    void renameAndViewAreOneTextSoOneTransactionAndTheViewGetsTheTablesGrants() {
        assertThat(ddl.renameBehindView("app.accounts", "customers", "x", "y")).singleElement()
                .satisfies(sql -> assertThat(normalised(sql)).startsWith("ALTER TABLE app.accounts RENAME TO customers; "
                        + "CREATE VIEW app.accounts AS SELECT * FROM app.customers; DO $pitstop$")
                        .contains("to_regclass('app.customers')", "format('GRANT %s ON %s TO %s', r.privilege, 'app.accounts', r.who)"));
        assertThat(ddl.renameBack("app.accounts", "customers", "x")).singleElement()
                .satisfies(sql -> assertThat(normalised(sql)).isEqualTo("DROP VIEW app.accounts; ALTER TABLE app.customers "
                        + "RENAME TO accounts"));
        assertThat(ddl.quote("_Accounts__pitstop_view", "app.accounts")).isEqualTo("app.\"_Accounts__pitstop_view\"");
    }

    @Test
    void abortStatements() {
        assertThat(normalised(ddl.dropColumns("orders", java.util.List.of("note", "tag"))))
                .isEqualTo("ALTER TABLE orders DROP COLUMN note, DROP COLUMN tag");
        assertThat(normalised(ddl.dropIndex("orders", "orders_total"))).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS orders_total");
        assertThat(normalised(ddl.renameTable("events", "\"events__pitstop_aborted\"")))
                .isEqualTo("ALTER TABLE events RENAME TO \"events__pitstop_aborted\"");
        assertThat(ddl.alterColumnType("notes", "body", "character varying")).hasValueSatisfying(
                sql -> assertThat(normalised(sql)).isEqualTo("ALTER TABLE notes ALTER COLUMN body TYPE character varying"));
    }

    @Test
    void setNotNullGoesThroughAHelperCheckAddedNotValidThenValidated() {
        assertThat(normalised(ddl.notNullCheck("orders", "orders_qty__pitstop_nn", "qty").orElseThrow()))
                .isEqualTo("ALTER TABLE orders ADD CONSTRAINT \"orders_qty__pitstop_nn\" CHECK (qty IS NOT NULL) NOT VALID");
        assertThat(normalised(ddl.validateConstraint("orders", "orders_qty__pitstop_nn").orElseThrow()))
                .isEqualTo("ALTER TABLE orders VALIDATE CONSTRAINT \"orders_qty__pitstop_nn\"");
        assertThat(normalised(ddl.columnNotNull("orders", "qty", true))).isEqualTo("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL");
        assertThat(normalised(ddl.columnNotNull("orders", "\"Qty\"", false)))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN \"Qty\" DROP NOT NULL");
        assertThat(normalised(ddl.dropConstraint("orders", "orders_qty__pitstop_nn", false)))
                .isEqualTo("ALTER TABLE orders DROP CONSTRAINT IF EXISTS \"orders_qty__pitstop_nn\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALTER TABLE l ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES o (id)            | ALTER TABLE l ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES o (id) NOT VALID",
            "ALTER TABLE l ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES o (id) NOT VALID; | ALTER TABLE l ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES o (id) NOT VALID",
            "alter table l add constraint fk foreign key (o) references o (id) not valid  | alter table l add constraint fk foreign key (o) references o (id) not valid"})
    void constraintsAreAddedNotValidOnce(String statement, String online) {
        assertThat(normalised(ddl.addForeignKey(statement).orElseThrow())).isEqualTo(online);
        assertThat(normalised(ddl.addCheck(statement).orElseThrow())).isEqualTo(online);
    }

    @Test
    void aTrailingLineCommentGetsALineBreakBeforeNotValid() {
        assertThat(ddl.addCheck("ALTER TABLE o ADD CONSTRAINT c CHECK (q > 0) -- positive").orElseThrow().text())
                .isEqualTo("ALTER TABLE o ADD CONSTRAINT c CHECK (q > 0) -- positive\n NOT VALID");
    }

    @Test
    void uniqueConstraintsAreAttachedToAnIndexBuiltOnlineAndDefaultsRunAsWritten() {
        assertThat(normalised(ddl.uniqueUsingIndex("orders", "orders_code_key", "orders_code_key").orElseThrow()))
                .isEqualTo("ALTER TABLE orders ADD CONSTRAINT \"orders_code_key\" UNIQUE USING INDEX \"orders_code_key\"");
        assertThat(normalised(ddl.dropUnique("orders", "orders_code_key")))
                .isEqualTo("ALTER TABLE orders DROP CONSTRAINT IF EXISTS \"orders_code_key\"");
        assertThat(normalised(ddl.alterColumnDefault("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x';")))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x';");
        assertThat(normalised(ddl.restoreColumnDefault("orders", "note", "'old'::character varying")))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN \"note\" SET DEFAULT 'old'::character varying");
        assertThat(normalised(ddl.restoreColumnDefault("orders", "note", null)))
                .isEqualTo("ALTER TABLE orders ALTER COLUMN \"note\" DROP DEFAULT");
    }
}
