package dev.pitstop.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.Phase;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Step;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlannerTest {

    private final Planner postgres = new Planner(ParserFlavor.POSTGRES);

    private static MigrationScript script(String content) {
        return new MigrationScript(MigrationVersion.parse("4"), "orders", "V4__orders.sql", "test:V4__orders.sql", content);
    }

    private static PitstopException refusal(Planner planner, String content) {
        try {
            planner.plan(script(content));
        } catch (PitstopException e) {
            return e;
        }
        throw new AssertionError("expected the planner to refuse:\n" + content);
    }

    @Test
    void plansEachSupportedStatementAsAStepOfItsKindInFileOrder() {
        Plan plan = postgres.plan(script("""
                CREATE TABLE customers (id bigint PRIMARY KEY);
                CREATE INDEX customers_id ON customers (id);
                CREATE UNIQUE INDEX customers_ref ON customers (id);
                ALTER TABLE customers ADD COLUMN note text, ADD COLUMN tier int NOT NULL DEFAULT 1;
                """));

        assertThat(plan.steps()).extracting(Step::kind)
                .containsExactly("create-table", "create-index", "create-unique-index", "add-column");
        assertThat(plan.steps()).extracting(s -> s.source().line()).containsExactly(1, 2, 3, 4);
        assertThat(plan.script().name()).isEqualTo("V4__orders.sql");
    }

    @Test
    void everyStepRunsOneLockBoundedExpandActionInTheDialectsOnlineForm() {
        Plan plan = postgres.plan(script("""
                CREATE TABLE customers (id bigint);
                CREATE INDEX customers_id ON customers (id);
                ALTER TABLE customers ADD COLUMN note text;
                """));
        TaggingDialect dialect = new TaggingDialect();

        List<Action> actions = plan.steps().stream().flatMap(s -> s.actions(dialect).stream()).toList();

        assertThat(actions).allSatisfy(a -> {
            assertThat(a.phase()).isEqualTo(Phase.EXPAND);
            assertThat(a.lockBounded()).isTrue();
        });
        assertThat(actions).extracting(a -> a.sql().text()).containsExactly(
                "/* as written */ CREATE TABLE customers (id bigint)",
                "/* online index */ CREATE INDEX customers_id ON customers (id)",
                "/* instant */ ALTER TABLE customers ADD COLUMN note text");
        assertThat(actions).extracting(Action::description).containsExactly(
                "create table customers", "build index customers_id on customers online", "add column note to customers");
    }

    @Test
    void mySqlScriptsArePlannedWithTheMySqlGrammar() {
        Plan plan = new Planner(ParserFlavor.MYSQL).plan(script("""
                # MySQL comment
                CREATE TABLE `orders` (`id` int);
                ALTER TABLE `orders` ADD COLUMN `note` varchar(20) DEFAULT 'n/a';
                """));

        assertThat(plan.steps()).extracting(Step::kind).containsExactly("create-table", "add-column");
        assertThat(plan.steps().get(0).source().leadingComments()).isEqualTo("# MySQL comment\n");
    }

    @Test
    void anEmptyScriptHasNoSteps() {
        assertThat(postgres.plan(script("")).steps()).isEmpty();
        assertThat(postgres.plan(script("-- nothing to do yet\n")).steps()).isEmpty();
    }

    @Test
    void refusesAStatementWithoutAnOnlinePlanNamingFileLineAndWhatIsSupported() {
        PitstopException e = refusal(postgres, """
                CREATE TABLE customers (id bigint);

                TRUNCATE orders;
                """);

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
        assertThat(e.getMessage())
                .startsWith("V4__orders.sql:3: ")
                .contains("no online plan for TRUNCATE")
                .contains(Planner.SUPPORTED)
                .contains("nothing was changed");
    }

    @Test
    void anUnnamedIndexIsRefusedBecauseAResumedRunCouldNotFindIt() {
        PitstopException e = refusal(postgres, "CREATE INDEX ON orders (total);");

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
        assertThat(e.getMessage()).contains("V4__orders.sql:1", "has no name");
    }

    @Test
    void constraintAndColumnClausesAreStepsOfTheirOwnKindAndNotMergedWithOtherAlterTables() {
        Plan plan = postgres.plan(script("""
                ALTER TABLE orders ADD COLUMN note text;
                ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;
                ALTER TABLE orders ALTER COLUMN qty DROP NOT NULL;
                ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'n';
                ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
                ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
                ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0);
                ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);
                ALTER TABLE orders ADD COLUMN code2 text;
                """));

        assertThat(plan.steps()).extracting(Step::kind).containsExactly("add-column", "set-not-null", "drop-not-null",
                "set-default", "drop-default", "add-foreign-key", "add-check", "add-unique", "add-column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALTER TABLE lines ADD FOREIGN KEY (order_id) REFERENCES orders (id)",
            "ALTER TABLE orders ADD CHECK (qty > 0)", "ALTER TABLE orders ADD UNIQUE (code)"})
    void anUnnamedConstraintIsRefusedBecauseAResumedRunOrAbortCouldNotFindIt(String statement) {
        PitstopException e = refusal(postgres, statement + ";");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
        assertThat(e.getMessage()).contains("has no name", "ADD CONSTRAINT <name>");
    }

    @Test
    void alterColumnTypeBecomesAStepWhoseOnlineFormIsDecidedAgainstTheCatalog() {
        var plan = postgres.plan(script("ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);"));

        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo("alter-column-type");
            assertThat(step.actions(new TaggingDialect()).get(0).sql().text()).startsWith("/* metadata only */");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUNCATE orders", "UPDATE orders SET total = 0 ORDER BY id LIMIT 5",
            "INSERT INTO o2 SELECT * FROM orders",
            "ALTER TABLE orders DROP COLUMN note, ADD COLUMN x int", "CREATE TABLE o2 AS SELECT * FROM orders"})
    void refusesOtherStatementsAsNotSupportedYet(String statement) {
        assertThat(refusal(postgres, statement + ";").code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
    }

    @Test
    void refusesANotNullColumnWithoutDefault() {
        PitstopException e = refusal(postgres, "\n\nALTER TABLE orders ADD COLUMN qty int NOT NULL;");

        assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
        assertThat(e.getMessage())
                .startsWith("V4__orders.sql:3: ADD COLUMN qty to orders is NOT NULL without a DEFAULT")
                .contains("previous version's INSERTs")
                .contains("fill it with an UPDATE in a later migration");
    }

    @Test
    void consecutiveAlterTableStatementsOfOneTableAreOneStepFromTheLineOfTheFirst() {
        Plan plan = postgres.plan(script("""
                ALTER TABLE orders ALTER COLUMN qty TYPE bigint;
                ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
                CREATE INDEX orders_qty ON orders (qty);
                ALTER TABLE orders ALTER COLUMN note TYPE text;
                ALTER TABLE customers ADD COLUMN tier int;
                ALTER TABLE customers ALTER COLUMN tier TYPE bigint;
                """));

        assertThat(plan.steps()).extracting(s -> s.kind() + "@" + s.source().line())
                .containsExactly("alter-table@1", "create-index@3", "alter-column-type@4", "add-column@5",
                        "alter-column-type@6");
        assertThat(plan.steps().get(0).source().text()).isEqualTo("ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n"
                + "ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now()");
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_at timestamptz DEFAULT now()", "seq bigserial"})
    void aVolatileDefaultIsPlannedButRefusedWhereTheDialectCannotRebuildOnline(String column) {
        Step step = postgres.plan(script("ALTER TABLE orders ADD COLUMN " + column + ";")).steps().get(0);
        TaggingDialect noRebuild = new TaggingDialect();

        assertThat(step.kind()).isEqualTo("add-column");
        assertThat(step.resolve(null, noRebuild, null)).isSameAs(step);
        assertThat(step.refusal(null, noRebuild)).contains("non-constant default", "rewrite the table",
                "fill it with an UPDATE in a later migration");
    }

    @Test
    void refusesTheWholeStatementWhenOneOfSeveralColumnsIsUnsafe() {
        PitstopException e = refusal(postgres, "ALTER TABLE orders ADD COLUMN ok text, ADD COLUMN id2 int PRIMARY KEY;");

        assertThat(e.getMessage()).contains("ADD COLUMN id2 to orders uses PRIMARY");
    }

    @Test
    void aNotNullColumnWithAConstantDefaultIsPlanned() {
        assertThat(postgres.plan(script("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';")).steps())
                .extracting(Step::kind).containsExactly("add-column");
    }

    @Test
    void aStatementThatDoesNotParseIsInvalidSqlWithItsLine() {
        PitstopException e = refusal(postgres, "CREATE TABLE a (id int);\nCREATE TABLE b (id int,, x int);");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL);
        assertThat(e.getMessage()).startsWith("V4__orders.sql:2: ");
    }

    @Test
    void aRefusalAnywhereInTheFileFailsTheWholePlan() {
        assertThatThrownBy(() -> postgres.plan(script("CREATE TABLE ok (id int);\nTRUNCATE old;")))
                .isInstanceOf(PitstopException.class)
                .hasMessageStartingWith("V4__orders.sql:2: ");
    }

    @Test
    void aRenameLeavesAViewInExpandAndDropsItAtContractAndDropIndexWaitsForContract() {
        Plan plan = postgres.plan(script("""
                ALTER TABLE orders RENAME TO purchases;
                DROP INDEX orders_note_idx;
                """));
        TaggingDialect dialect = new TaggingDialect();

        assertThat(plan.steps()).extracting(Step::kind).containsExactly("rename-table", "drop-index");
        assertThat(plan.steps().get(0).actions(dialect)).extracting(a -> a.phase() + " " + a.sql().text()).containsExactly(
                "EXPAND /* rename behind view */ orders -> purchases via [_orders__pitstop_view], [_orders__pitstop_parked]",
                "CONTRACT /* drop view */ orders");
        assertThat(plan.steps().get(1).actions(dialect)).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Phase.CONTRACT);
            assertThat(a.sql().text()).isEqualTo("/* online drop */ DROP INDEX orders_note_idx");
        });
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.abortActions(dialect)).isEmpty());
    }

    @Test
    void aMySqlDropIndexMustNameItsTable() {
        assertThat(refusal(new Planner(ParserFlavor.MYSQL), "DROP INDEX orders_idx;\n").getMessage())
                .contains("names no table", "ON <table>");
    }
}
