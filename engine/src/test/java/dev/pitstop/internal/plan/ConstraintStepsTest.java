package dev.pitstop.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.Phase;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Catalog;
import dev.pitstop.internal.step.Step;
import dev.pitstop.spi.ParserFlavor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the constraint, default and nullability steps run against the schema as a resumed run or an abort
 * finds it: no database, a catalog in memory.
 */
class ConstraintStepsTest {
    private final TaggingDialect dialect = new TaggingDialect();
    private final FakeCatalog catalog = new FakeCatalog();

    private Step step(String sql) {
        MigrationScript script = new MigrationScript(MigrationVersion.parse("1"), "test", "V1__test.sql", "test:V1__test.sql",
                sql);
        return new Planner(ParserFlavor.POSTGRES).plan(script).steps().get(0);
    }

    private static List<String> sql(List<Action> actions) {
        return actions.stream().map(a -> a.phase() + " " + a.sql().text()).toList();
    }

    @Test
    void setNotNullAddsTheHelperOnceValidatesWithoutBlockingAndAbortUndoesOnlyWhatItChanged() {
        Step fresh = step("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;").resolve(catalog, dialect, null);
        assertThat(sql(fresh.actions(dialect))).containsExactly(
                "EXPAND /* not null check */ orders.orders_qty__pitstop_nn qty",
                "BACKFILL /* validate */ orders.orders_qty__pitstop_nn",
                "BACKFILL /* set not null */ orders.qty",
                "BACKFILL /* drop constraint */ orders.orders_qty__pitstop_nn");
        Action validate = fresh.actions(dialect).get(1);
        assertThat(validate.waitsWithoutBlocking()).isTrue();
        assertThat(validate.violation()).contains("qty of orders holds NULL", "run migrate again");
        assertThat(fresh.undoableUntilContract()).isTrue();

        String remembered = fresh.remember(catalog);
        assertThat(remembered).isEqualTo("nullable");
        assertThat(sql(fresh.recall(remembered).abortActions(dialect))).containsExactly(
                "EXPAND /* drop constraint */ orders.orders_qty__pitstop_nn", "EXPAND /* drop not null */ orders.qty");

        // resumed after the helper was added: it is not added again
        catalog.constraints.put("orders_qty__pitstop_nn", false);
        assertThat(sql(step("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;").resolve(catalog, dialect, null)
                .actions(dialect))).first().asString().startsWith("BACKFILL /* validate */");

        // NOT NULL already, the helper gone: nothing left to do, and abort leaves NOT NULL alone
        catalog.constraints.clear();
        catalog.notNull.add("qty");
        Step done = step("ALTER TABLE orders ALTER COLUMN qty SET NOT NULL;").resolve(catalog, dialect, null);
        assertThat(done.actions(dialect)).isEmpty();
        assertThat(done.alreadyApplied(catalog)).isTrue();
        assertThat(sql(done.recall("not-null").abortActions(dialect)))
                .containsExactly("EXPAND /* drop constraint */ orders.orders_qty__pitstop_nn");
    }

    @Test
    void dropNotNullIsUndoneTheOnlineWayAndOnlyWhenTheColumnWasNotNullBefore() {
        catalog.notNull.add("qty");
        Step step = step("ALTER TABLE orders ALTER COLUMN qty DROP NOT NULL;").resolve(catalog, dialect, null);
        assertThat(sql(step.actions(dialect))).containsExactly("EXPAND /* drop not null */ orders.qty");
        assertThat(step.remember(catalog)).isEqualTo("not-null");
        assertThat(sql(step.recall("not-null").abortActions(dialect))).containsExactly(
                "EXPAND /* null rows */ orders.qty",
                "EXPAND /* not null check */ orders.orders_qty__pitstop_nn qty",
                "EXPAND /* validate */ orders.orders_qty__pitstop_nn",
                "EXPAND /* set not null */ orders.qty",
                "EXPAND /* drop constraint */ orders.orders_qty__pitstop_nn");
        assertThat(step.recall("not-null").abortActions(dialect).get(0).check()).isTrue();
        assertThat(step.recall("not-null").abortActions(dialect).get(2).violation())
                .contains("holds NULLs written since the migration", "run abort again");
        assertThat(step.recall("nullable").abortActions(dialect)).isEmpty();
    }

    @Test
    void abortPutsBackTheDefaultTheColumnHadOrDropsTheNewOne() {
        catalog.defaults.put("note", "'old'::text");
        Step step = step("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'new';");
        assertThat(step.remember(catalog)).isEqualTo("default:'old'::text");
        assertThat(sql(step.recall(step.remember(catalog)).abortActions(dialect)))
                .containsExactly("EXPAND /* restore default */ orders.note 'old'::text");

        catalog.defaults.clear();
        assertThat(step.remember(catalog)).isEqualTo("none");
        assertThat(sql(step.recall("none").abortActions(dialect)))
                .containsExactly("EXPAND /* restore default */ orders.note null");
        assertThat(step.abortActions(dialect)).as("nothing known, nothing touched").isEmpty();
    }

    @Test
    void constraintsAlreadyInPlaceAreNotAddedAgainAndAbortLeavesOnesThatWereThereBefore() {
        Step fk = step("ALTER TABLE lines ADD CONSTRAINT lines_fk FOREIGN KEY (order_id) REFERENCES orders (id);");
        assertThat(sql(fk.resolve(catalog, dialect, null).actions(dialect))).containsExactly(
                "EXPAND /* not valid */ ALTER TABLE lines ADD CONSTRAINT lines_fk FOREIGN KEY (order_id) REFERENCES orders (id)",
                "BACKFILL /* validate */ lines.lines_fk");
        catalog.constraints.put("lines_fk", false);
        Step resumed = fk.resolve(catalog, dialect, null);
        assertThat(sql(resumed.actions(dialect))).containsExactly("BACKFILL /* validate */ lines.lines_fk");
        assertThat(resumed.alreadyApplied(catalog)).isFalse();
        catalog.constraints.put("lines_fk", true);
        assertThat(resumed.alreadyApplied(catalog)).isTrue();
        assertThat(resumed.recall("constraint").abortActions(dialect)).isEmpty();
        assertThat(sql(resumed.recall("none").abortActions(dialect)))
                .containsExactly("EXPAND /* drop constraint */ lines.lines_fk");

        Step unique = step("ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);");
        assertThat(sql(unique.resolve(catalog, dialect, null).actions(dialect))).containsExactly(
                "EXPAND /* unique index */ orders.orders_code_key [code]", "EXPAND /* using index */ orders.orders_code_key");
        catalog.indexes.put("orders_code_key", false);
        assertThat(texts(unique.cleanupLeftovers(catalog, dialect)))
                .as("an invalid leftover of a failed build").isNotEmpty();
        catalog.constraints.put("orders_code_key", true);
        assertThat(unique.resolve(catalog, dialect, null).actions(dialect)).isEmpty();
    }

    private static List<String> texts(Iterable<dev.pitstop.spi.Sql> statements) {
        List<String> out = new java.util.ArrayList<>();
        statements.forEach(s -> out.add(s.text()));
        return out;
    }

    /** The columns, defaults, constraints and indexes of one table or two, as the tests set them. */
    private static final class FakeCatalog implements Catalog {
        final Set<String> notNull = new HashSet<>();
        final Map<String, String> defaults = new HashMap<>();
        final Map<String, Boolean> constraints = new HashMap<>();
        final Map<String, Boolean> indexes = new HashMap<>();

        public boolean tableExists(String table) {
            return true;
        }

        public boolean columnExists(String table, String column) {
            return true;
        }

        public Optional<String> columnType(String table, String column) {
            return Optional.of("integer");
        }

        public String normalize(String written) {
            return written;
        }

        public boolean callsVolatileFunction(String expression) {
            return false;
        }

        public Optional<Key> primaryKey(String table) {
            return Optional.empty();
        }

        public boolean columnNotNull(String table, String column) {
            return notNull.contains(column);
        }

        public boolean columnHasDefault(String table, String column) {
            return defaults.containsKey(column);
        }

        public List<String> foreignKeysOntoPrimaryKey(String table) {
            return List.of();
        }

        public Optional<String> columnDefault(String table, String column) {
            return Optional.ofNullable(defaults.get(column));
        }

        public Optional<Boolean> constraintValidated(String table, String constraint) {
            return Optional.ofNullable(constraints.get(constraint));
        }

        public Optional<String> columnCopyType(String table, String column) {
            return Optional.of("integer");
        }

        public List<String> columnDependents(String table, String column) {
            return List.of();
        }

        public boolean isView(String name) {
            return false;
        }

        public List<String> triggers(String table) {
            return List.of();
        }

        public List<String> viewsNaming(String table) {
            return List.of();
        }

        public Optional<String> viewDefinition(String view) {
            return Optional.empty();
        }

        public boolean hasRows(String table) {
            return false;
        }

        public Optional<Boolean> indexValid(String table, String index) {
            return Optional.ofNullable(indexes.get(index));
        }
    }
}
