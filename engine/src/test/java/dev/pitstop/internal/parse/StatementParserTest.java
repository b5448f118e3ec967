package dev.pitstop.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.parse.ParsedStatement.AddColumns;
import dev.pitstop.internal.parse.ParsedStatement.CreateIndex;
import dev.pitstop.internal.parse.ParsedStatement.CreateTable;
import dev.pitstop.internal.parse.ParsedStatement.NewColumn;
import dev.pitstop.internal.parse.ParsedStatement.Other;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementParserTest {

    private static ParsedStatement pg(String sql) {
        return new StatementParser(ParserFlavor.POSTGRES).parse("V1__test.sql", new SourceStatement(sql, 1, ""));
    }

    private static ParsedStatement mysql(String sql) {
        return new StatementParser(ParserFlavor.MYSQL).parse("V1__test.sql", new SourceStatement(sql, 1, ""));
    }

    /** The one column of an ADD COLUMN statement on PostgreSQL. */
    private static NewColumn pgColumn(String sql) {
        AddColumns add = (AddColumns) pg(sql);
        assertThat(add.columns()).hasSize(1);
        return add.columns().get(0);
    }

    @Test
    void primaryKeyChangesNameTheDroppedConstraintTheNewNameAndTheColumns() {
        assertThat(pg("ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (region, id)"))
                .isInstanceOfSatisfying(ParsedStatement.PrimaryKey.class, k -> {
                    assertThat(k.table()).isEqualTo("orders");
                    assertThat(k.dropConstraint()).isEqualTo("orders_pkey");
                    assertThat(k.name()).isNull();
                    assertThat(k.columns()).containsExactly("region", "id");
                });
        assertThat(pg("ALTER TABLE events ADD CONSTRAINT events_pk PRIMARY KEY (id)"))
                .isInstanceOfSatisfying(ParsedStatement.PrimaryKey.class, k -> {
                    assertThat(k.dropConstraint()).isNull();
                    assertThat(k.name()).isEqualTo("events_pk");
                });
        assertThat(pg("ALTER TABLE orders DROP COLUMN note, ADD PRIMARY KEY (id)")).isInstanceOf(ParsedStatement.Other.class);
        assertThat(pg("ALTER TABLE orders ADD CONSTRAINT u UNIQUE (id)")).isInstanceOf(ParsedStatement.AddConstraint.class);
    }

    @Test
    void columnChangesNameTheColumnAndWhatChanges() {
        assertThat(pg("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL")).isEqualTo(new ParsedStatement.ColumnChange(
                new SourceStatement("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 1, ""), "orders", "qty",
                ParsedStatement.ColumnChange.Change.SET_NOT_NULL, null));
        assertThat(pg("ALTER TABLE orders ALTER qty DROP NOT NULL")).isInstanceOfSatisfying(ParsedStatement.ColumnChange.class,
                c -> assertThat(c.change()).isEqualTo(ParsedStatement.ColumnChange.Change.DROP_NOT_NULL));
        assertThat(pg("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'it''s'")).isInstanceOfSatisfying(
                ParsedStatement.ColumnChange.class, c -> {
                    assertThat(c.change()).isEqualTo(ParsedStatement.ColumnChange.Change.SET_DEFAULT);
                    assertThat(c.expression()).isEqualTo("'it''s'");
                });
        assertThat(mysql("ALTER TABLE `orders` ALTER `note` DROP DEFAULT")).isInstanceOfSatisfying(
                ParsedStatement.ColumnChange.class, c -> {
                    assertThat(c.table()).isEqualTo("`orders`");
                    assertThat(c.column()).isEqualTo("`note`");
                    assertThat(c.change()).isEqualTo(ParsedStatement.ColumnChange.Change.DROP_DEFAULT);
                });
    }

    @Test
    void addConstraintNamesTheConstraintItsColumnsAndWhatAForeignKeyReferences() {
        assertThat(pg("ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id, region) REFERENCES orders (id, region)"))
                .isInstanceOfSatisfying(ParsedStatement.AddConstraint.class, c -> {
                    assertThat(c.kind()).isEqualTo(ParsedStatement.AddConstraint.ConstraintKind.FOREIGN_KEY);
                    assertThat(c.name()).isEqualTo("lines_order_fk");
                    assertThat(c.columns()).containsExactly("order_id", "region");
                    assertThat(c.referencedTable()).isEqualTo("orders");
                    assertThat(c.referencedColumns()).containsExactly("id", "region");
                });
        assertThat(pg("ALTER TABLE orders ADD CONSTRAINT \"Qty_positive\" CHECK (qty > 0)")).isInstanceOfSatisfying(
                ParsedStatement.AddConstraint.class, c -> {
                    assertThat(c.kind()).isEqualTo(ParsedStatement.AddConstraint.ConstraintKind.CHECK);
                    assertThat(c.name()).isEqualTo("\"Qty_positive\"");
                    assertThat(c.columns()).isEmpty();
                });
        // JSqlParser drops the name of a PostgreSQL UNIQUE; it is read from the text
        assertThat(pg("ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code, region)")).isInstanceOfSatisfying(
                ParsedStatement.AddConstraint.class, c -> {
                    assertThat(c.kind()).isEqualTo(ParsedStatement.AddConstraint.ConstraintKind.UNIQUE);
                    assertThat(c.name()).isEqualTo("orders_code_key");
                    assertThat(c.columns()).containsExactly("code", "region");
                });
        assertThat(mysql("ALTER TABLE orders ADD UNIQUE KEY orders_code_key (code)")).isInstanceOfSatisfying(
                ParsedStatement.AddConstraint.class, c -> assertThat(c.name()).isEqualTo("orders_code_key"));
        assertThat(mysql("ALTER TABLE lines ADD CONSTRAINT fk FOREIGN KEY (order_id) REFERENCES orders (id)"))
                .isInstanceOfSatisfying(ParsedStatement.AddConstraint.class, c -> {
                    assertThat(c.columns()).containsExactly("order_id");
                    assertThat(c.referencedColumns()).containsExactly("id");
                });
        assertThat(pg("ALTER TABLE orders ADD CHECK (qty > 0)")).isInstanceOfSatisfying(ParsedStatement.AddConstraint.class,
                c -> assertThat(c.name()).isNull());
    }

    @Test
    void createTableNamesTheTableAndKeepsTheSource() {
        SourceStatement source = new SourceStatement("CREATE TABLE orders (id bigint PRIMARY KEY)", 4, "-- orders\n");

        ParsedStatement parsed = new StatementParser(ParserFlavor.POSTGRES).parse("V1__test.sql", source);

        assertThat(parsed).isEqualTo(new CreateTable(source, "orders", false));
    }

    @Test
    void createTableIfNotExistsKeepsTheSchemaQualifier() {
        assertThat(pg("CREATE TABLE IF NOT EXISTS public.orders (id int)"))
                .isInstanceOfSatisfying(CreateTable.class, t -> {
                    assertThat(t.table()).isEqualTo("public.orders");
                    assertThat(t.ifNotExists()).isTrue();
                });
    }

    @Test
    void createTableAsSelectIsOther() {
        assertThat(pg("CREATE TABLE o2 AS SELECT * FROM orders"))
                .isInstanceOfSatisfying(Other.class, o -> assertThat(o.what()).isEqualTo("CREATE TABLE ... AS SELECT"));
    }

    @Test
    void mySqlNamesKeepTheirBackticks() {
        assertThat(mysql("CREATE TABLE `Orders` (`id` int)"))
                .isInstanceOfSatisfying(CreateTable.class, t -> assertThat(t.table()).isEqualTo("`Orders`"));
    }

    @Test
    void createIndexNamesTableAndIndex() {
        assertThat(pg("CREATE INDEX orders_total ON orders (total)"))
                .isInstanceOfSatisfying(CreateIndex.class, i -> {
                    assertThat(i.table()).isEqualTo("orders");
                    assertThat(i.index()).isEqualTo("orders_total");
                    assertThat(i.unique()).isFalse();
                    assertThat(i.ifNotExists()).isFalse();
                });
    }

    @Test
    void createUniqueIndexIfNotExistsIsUniqueAndIdempotent() {
        assertThat(pg("CREATE UNIQUE INDEX IF NOT EXISTS orders_ref ON orders (ref)"))
                .isInstanceOfSatisfying(CreateIndex.class, i -> {
                    assertThat(i.unique()).isTrue();
                    assertThat(i.ifNotExists()).isTrue();
                });
    }

    @Test
    void createIndexOnMySql() {
        assertThat(mysql("CREATE UNIQUE INDEX ux ON `orders` (ref)"))
                .isInstanceOfSatisfying(CreateIndex.class, i -> {
                    assertThat(i.table()).isEqualTo("`orders`");
                    assertThat(i.unique()).isTrue();
                });
    }

    @Test
    void addNullableColumnHasNoDefaultAndNoBlocker() {
        assertThat(pgColumn("ALTER TABLE orders ADD COLUMN note text"))
                .isEqualTo(new NewColumn("note", "text", false, null, true, false, null));
    }

    @Test
    void addColumnReadsNotNullAndALiteralDefault() {
        NewColumn c = pgColumn("ALTER TABLE orders ADD COLUMN status varchar(20) NOT NULL DEFAULT 'new'");

        assertThat(c.notNull()).isTrue();
        assertThat(c.defaultExpression()).isEqualTo("'new'");
        assertThat(c.constantDefault()).isTrue();
        assertThat(c.blocker()).isNull();
    }

    @Test
    void addColumnNotNullWithoutDefault() {
        NewColumn c = pgColumn("ALTER TABLE orders ADD COLUMN qty int NOT NULL");

        assertThat(c.notNull()).isTrue();
        assertThat(c.defaultExpression()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1.5", "1e3", "'x'", "'x'::text", "E'x'", "true", "FALSE", "NULL", "'it''s'"})
    void literalDefaultsAreConstant(String literal) {
        NewColumn c = pgColumn("ALTER TABLE orders ADD COLUMN c text DEFAULT " + literal);

        assertThat(c.defaultExpression()).isEqualToIgnoringCase(literal);
        assertThat(c.constantDefault()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"now()", "gen_random_uuid()", "CURRENT_TIMESTAMP", "nextval('s')"})
    void functionDefaultsAreNotConstant(String expression) {
        NewColumn c = pgColumn("ALTER TABLE orders ADD COLUMN c text DEFAULT " + expression);

        assertThat(c.defaultExpression()).isEqualTo(expression);
        assertThat(c.constantDefault()).isFalse();
    }

    @Test
    void mySqlCurrentTimestampDefaultIsNotConstant() {
        AddColumns add = (AddColumns) mysql("ALTER TABLE orders ADD COLUMN ts timestamp DEFAULT CURRENT_TIMESTAMP");

        assertThat(add.columns().get(0).constantDefault()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serial", "bigserial", "smallserial"})
    void serialTypesHaveAVolatileDefault(String type) {
        NewColumn c = pgColumn("ALTER TABLE orders ADD COLUMN n " + type);
        assertThat(c.constantDefault()).isFalse();
        assertThat(c.defaultExpression()).contains("nextval", type);
        assertThat(c.blocker()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "bigint PRIMARY KEY, PRIMARY",
            "int UNIQUE, UNIQUE",
            "int CHECK (c > 0), CHECK",
            "int GENERATED ALWAYS AS (a + 1) STORED, GENERATED",
            "int CONSTRAINT fk REFERENCES customers (id), CONSTRAINT"})
    void keyConstraintAndGeneratedClausesAreBlockers(String definition, String blocker) {
        assertThat(pgColumn("ALTER TABLE orders ADD COLUMN c " + definition).blocker()).isEqualTo(blocker);
    }

    @Test
    void mySqlAutoIncrementIsABlocker() {
        AddColumns add = (AddColumns) mysql("ALTER TABLE orders ADD COLUMN n int AUTO_INCREMENT");

        assertThat(add.columns().get(0).blocker()).isEqualTo("AUTO_INCREMENT");
    }

    @Test
    void anInlineReferencesClauseIsABlocker() {
        assertThat(pgColumn("ALTER TABLE orders ADD COLUMN customer_id int REFERENCES customers(id)").blocker())
                .isNotNull();
    }

    @Test
    void anIdentityColumnIsABlocker() {
        assertThat(pgColumn("ALTER TABLE orders ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY").blocker())
                .isNotNull();
    }

    @Test
    void addSeveralColumnsInOneStatement() {
        AddColumns add = (AddColumns) pg("ALTER TABLE orders ADD COLUMN a int DEFAULT 0, ADD COLUMN b text");

        assertThat(add.table()).isEqualTo("orders");
        assertThat(add.columns()).extracting(NewColumn::name).containsExactly("a", "b");
    }

    @Test
    void addColumnIfNotExistsIsRemembered() {
        assertThat(pgColumn("ALTER TABLE orders ADD COLUMN IF NOT EXISTS c boolean DEFAULT true").ifNotExists()).isTrue();
    }

    @Test
    void mySqlAddColumnKeepsBackticksInNames() {
        AddColumns add = (AddColumns) mysql("ALTER TABLE `orders` ADD COLUMN `note` varchar(20) NULL");

        assertThat(add.table()).isEqualTo("`orders`");
        assertThat(add.columns()).extracting(NewColumn::name).containsExactly("`note`");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0, ALTER COLUMN note DROP DEFAULT | ALTER TABLE orders with "
                    + "several clauses where one is SET/DROP NOT NULL or SET/DROP DEFAULT (write one ALTER TABLE statement per clause)",
            "ALTER TABLE orders ALTER COLUMN a TYPE int, DROP COLUMN b | ALTER TABLE orders ALTER",
            "ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0), ADD CONSTRAINT d CHECK (total < 9) | ALTER TABLE orders "
                    + "with several clauses where one adds a constraint (write one ALTER TABLE statement per constraint)",
            "ALTER TABLE orders ADD COLUMN a int, DROP COLUMN b        | ALTER TABLE orders DROP",
            "MERGE INTO users USING staged ON users.id = staged.id WHEN MATCHED THEN DELETE | MERGE"})
    void statementsWithoutAnOnlinePlanAreOtherWithADescription(String sql, String what) {
        assertThat(pg(sql)).isInstanceOfSatisfying(Other.class, o -> assertThat(o.what()).isEqualTo(what));
    }

    @Test
    void dropColumnsAndDropTableNameWhatTheyDrop() {
        assertThat(pg("ALTER TABLE orders DROP COLUMN note, DROP total")).isInstanceOfSatisfying(
                ParsedStatement.DropColumns.class, d -> {
                    assertThat(d.table()).isEqualTo("orders");
                    assertThat(d.columns()).containsExactly("note", "total");
                });
        assertThat(pg("DROP TABLE IF EXISTS legacy")).isInstanceOfSatisfying(ParsedStatement.DropTable.class, d -> {
            assertThat(d.table()).isEqualTo("legacy");
            assertThat(d.ifExists()).isTrue();
        });
        assertThat(pg("DROP TABLE a, b")).isInstanceOf(Other.class);
        assertThat(pg("DROP TABLE orders CASCADE")).isInstanceOf(Other.class);
    }

    @Test
    void alterColumnTypeKeepsEveryChangeWithItsTypeAndUsingExpression() {
        assertThat(pg("ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2) USING total / 100.0, "
                + "ALTER note TYPE varchar (200)"))
                .isInstanceOfSatisfying(ParsedStatement.AlterColumnTypes.class, t -> {
                    assertThat(t.table()).isEqualTo("orders");
                    assertThat(t.changes()).containsExactly(
                            new ParsedStatement.TypeChange("total", "numeric(14,2)", "total / 100.0"),
                            new ParsedStatement.TypeChange("note", "varchar(200)", null));
                });
    }

    @Test
    void mySqlModifyIsATableRewriteAndAddIndexIsOther() {
        assertThat(mysql("ALTER TABLE orders MODIFY total decimal(14,2)")).isInstanceOf(ParsedStatement.TableRewrite.class);
        assertThat(mysql("ALTER TABLE orders ADD COLUMN flag int, MODIFY note varchar(255)"))
                .isInstanceOf(ParsedStatement.TableRewrite.class);
        assertThat(mysql("ALTER TABLE orders CHANGE note note varchar(255)")).isInstanceOf(ParsedStatement.TableRewrite.class);
        assertThat(mysql("ALTER TABLE orders CHANGE note remark varchar(255)")).as("a rename is not a rewrite")
                .isInstanceOf(ParsedStatement.RenameColumn.class);
        assertThat(mysql("ALTER TABLE orders MODIFY note varchar(255), DROP COLUMN qty")).isInstanceOf(Other.class);
        assertThat(mysql("ALTER TABLE orders ADD INDEX idx (total)"))
                .isInstanceOfSatisfying(Other.class, o -> assertThat(o.what()).contains("constraint or index"));
    }

    @Test
    void aParseErrorNamesFileAndTheStatementLine() {
        SourceStatement source = new SourceStatement("SELEKT 1", 3, "");

        assertThatThrownBy(() -> new StatementParser(ParserFlavor.POSTGRES).parse("V9__typo.sql", source))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL))
                .hasMessageStartingWith("V9__typo.sql:3: statement does not parse: SELEKT 1")
                .hasMessageContaining("nothing was changed");
    }

    @Test
    void aParseErrorOnTheSecondLineOfAStatementStartingOnLineFiveIsReportedAtLineSix() {
        SourceStatement source = new SourceStatement("CREATE TABLE broken (id int,\n  name varchar(20) NOT NULL,, x int)", 5, "");

        assertThatThrownBy(() -> new StatementParser(ParserFlavor.POSTGRES).parse("V2__broken.sql", source))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL))
                .hasMessageStartingWith("V2__broken.sql:6: ")
                .hasMessageContaining("CREATE TABLE broken (id int,");
    }

    @Test
    void aParseErrorOnMySqlNamesTheLineToo() {
        SourceStatement source = new SourceStatement("UPDATE t\n  SET = 1", 10, "");

        assertThatThrownBy(() -> new StatementParser(ParserFlavor.MYSQL).parse("V3__bad.sql", source))
                .isInstanceOf(PitstopException.class)
                .hasMessageStartingWith("V3__bad.sql:11: ");
    }

    @Test
    void renameColumnNamesTableAndBothColumns() {
        assertThat(pg("ALTER TABLE people RENAME COLUMN name TO full_name"))
                .isEqualTo(new ParsedStatement.RenameColumn(new SourceStatement("ALTER TABLE people RENAME COLUMN name TO full_name",
                        1, ""), "people", "name", "full_name", null));
        assertThat(mysql("ALTER TABLE `people` RENAME COLUMN `name` TO `full_name`"))
                .isInstanceOfSatisfying(ParsedStatement.RenameColumn.class, r -> {
                    assertThat(r.from()).isEqualTo("`name`");
                    assertThat(r.to()).isEqualTo("`full_name`");
                });
    }

    @Test
    void mySqlChangeThatRenamesKeepsTheDefinitionToCompare() {
        assertThat(mysql("ALTER TABLE people CHANGE name full_name VARCHAR(100) NOT NULL"))
                .isInstanceOfSatisfying(ParsedStatement.RenameColumn.class, r -> {
                    assertThat(r.from()).isEqualTo("name");
                    assertThat(r.to()).isEqualTo("full_name");
                    assertThat(r.definition()).startsWith("VARCHAR (100)").contains("NOT NULL");
                });
        // CHANGE keeping the name is a definition change, not a rename
        assertThat(mysql("ALTER TABLE people CHANGE name name VARCHAR(200)")).isInstanceOf(ParsedStatement.TableRewrite.class);
    }

    @Test
    void updateAndDeleteKeepTheirSetListAndCondition() {
        assertThat(pg("UPDATE orders SET status = 'done', n = n + 1 WHERE created < '2024-01-01'"))
                .isInstanceOfSatisfying(ParsedStatement.DataChange.class, d -> {
                    assertThat(d.table()).isEqualTo("orders");
                    assertThat(d.set()).isEqualTo("status = 'done', n = n + 1");
                    assertThat(d.setColumns()).containsExactly("status", "n");
                    assertThat(d.where()).isEqualTo("created < '2024-01-01'");
                    assertThat(d.problem()).isNull();
                });
        assertThat(mysql("DELETE FROM orders WHERE status = 'void'"))
                .isInstanceOfSatisfying(ParsedStatement.DataChange.class, d -> {
                    assertThat(d.set()).isNull();
                    assertThat(d.where()).isEqualTo("status = 'void'");
                    assertThat(d.problem()).isNull();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UPDATE orders SET n = 1 ORDER BY id LIMIT 10|has ORDER BY or LIMIT",
        "UPDATE orders o SET n = 1|aliases the table",
        "UPDATE orders SET n = c.n FROM customers c WHERE c.id = orders.customer_id|joins another table",
        "DELETE FROM orders WHERE id = 1 RETURNING id|has RETURNING"})
    void dataStatementsThatCannotRunInChunksSayWhy(String sql, String problem) {
        assertThat(pg(sql)).isInstanceOfSatisfying(ParsedStatement.DataChange.class, d -> assertThat(d.problem()).isEqualTo(problem));
    }

    @Test
    void insertValuesIsNotASelect() {
        assertThat(pg("INSERT INTO plans (id, name) VALUES (1, 'basic'), (2, 'pro')"))
                .isEqualTo(new ParsedStatement.Insert(new SourceStatement("INSERT INTO plans (id, name) VALUES (1, 'basic'), (2, 'pro')",
                        1, ""), "plans", false));
        assertThat(mysql("INSERT INTO plans SELECT * FROM old_plans"))
                .isInstanceOfSatisfying(ParsedStatement.Insert.class, i -> assertThat(i.select()).isTrue());
    }

    @Test
    void renamesOfATableNameBothNames() {
        assertThat(pg("ALTER TABLE orders RENAME TO purchases")).isInstanceOfSatisfying(ParsedStatement.RenameTable.class,
                r -> assertThat(List.of(r.from(), r.to())).containsExactly("orders", "purchases"));
        assertThat(mysql("RENAME TABLE `orders` TO `purchases`")).isInstanceOfSatisfying(ParsedStatement.RenameTable.class,
                r -> assertThat(List.of(r.from(), r.to())).containsExactly("`orders`", "`purchases`"));
        assertThat(mysql("ALTER TABLE orders RENAME TO purchases")).isInstanceOf(ParsedStatement.RenameTable.class);
        assertThat(mysql("RENAME TABLE a TO b, c TO d")).as("two pairs").isInstanceOf(Other.class);
    }

    @Test
    void dropIndexInEveryFormNamesTheIndexAndTheTableWhenWritten() {
        assertThat(pg("DROP INDEX orders_idx")).isInstanceOfSatisfying(ParsedStatement.DropIndex.class, d -> {
            assertThat(d.index()).isEqualTo("orders_idx");
            assertThat(d.table()).isNull();
        });
        assertThat(pg("DROP INDEX CONCURRENTLY orders_idx")).isInstanceOfSatisfying(ParsedStatement.DropIndex.class,
                d -> assertThat(d.index()).isEqualTo("orders_idx"));
        assertThat(pg("DROP INDEX IF EXISTS orders_idx")).isInstanceOfSatisfying(ParsedStatement.DropIndex.class,
                d -> assertThat(d.ifExists()).isTrue());
        assertThat(mysql("DROP INDEX orders_idx ON orders")).isInstanceOfSatisfying(ParsedStatement.DropIndex.class,
                d -> assertThat(List.of(d.index(), d.table())).containsExactly("orders_idx", "orders"));
        assertThat(mysql("ALTER TABLE orders DROP INDEX orders_idx")).isInstanceOfSatisfying(ParsedStatement.DropIndex.class,
                d -> assertThat(List.of(d.index(), d.table())).containsExactly("orders_idx", "orders"));
        assertThat(mysql("ALTER TABLE orders DROP KEY orders_idx")).isInstanceOf(ParsedStatement.DropIndex.class);
        assertThat(pg("DROP INDEX a, b")).as("two indexes").isInstanceOf(Other.class);
        assertThat(pg("DROP INDEX orders_idx CASCADE")).isInstanceOf(Other.class);
    }
}
