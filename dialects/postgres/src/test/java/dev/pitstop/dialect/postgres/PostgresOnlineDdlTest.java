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
}
