package dev.pitstop.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of RENAME COLUMN's sync trigger and the chunks of data statements. */
class PostgresColumnSyncTest {
    private final PostgresDialect dialect = new PostgresDialect(15, 0);
    private final OnlineDdl ddl = dialect.onlineDdl();
    private final RebuildSql rebuild = dialect.rebuild().orElseThrow();

    private static String flat(Sql sql) {
        return sql.text().strip().replaceAll("\\s+", " ");
    }

    @Test
    void renameSyncIsOneBeforeTriggerThatFillsTheMissingSideAndCopiesTheChangedOne() {
        List<Sql> install = ddl.installRenameSync("people", "name", "full_name", "people__pitstop_ren_1");
        assertThat(install).hasSize(3);
        assertThat(flat(install.get(0))).isEqualTo("CREATE OR REPLACE FUNCTION \"people__pitstop_ren_1\"() RETURNS trigger "
                + "LANGUAGE plpgsql AS $pitstop$ BEGIN IF TG_OP = 'INSERT' THEN IF NEW.\"full_name\" IS NULL THEN "
                + "NEW.\"full_name\" := NEW.\"name\"; ELSE NEW.\"name\" := NEW.\"full_name\"; END IF; "
                + "ELSIF (NEW.\"full_name\")::text COLLATE \"C\" IS DISTINCT FROM (OLD.\"full_name\")::text COLLATE \"C\" "
                + "THEN NEW.\"name\" := NEW.\"full_name\"; "
                + "ELSIF (NEW.\"name\")::text COLLATE \"C\" IS DISTINCT FROM (OLD.\"name\")::text COLLATE \"C\" "
                + "THEN NEW.\"full_name\" := NEW.\"name\"; END IF; "
                + "RETURN NEW; END $pitstop$");
        assertThat(flat(install.get(1))).isEqualTo("DROP TRIGGER IF EXISTS \"people__pitstop_ren_1\" ON \"people\"");
        assertThat(flat(install.get(2))).isEqualTo("CREATE TRIGGER \"people__pitstop_ren_1\" BEFORE INSERT OR UPDATE ON "
                + "\"people\" FOR EACH ROW EXECUTE FUNCTION \"people__pitstop_ren_1\"()");
        assertThat(ddl.dropRenameSyncAndColumn("people", "people__pitstop_ren_1", "name"))
                .as("one text, one transaction").extracting(PostgresColumnSyncTest::flat)
                .containsExactly("DROP TRIGGER IF EXISTS \"people__pitstop_ren_1\" ON \"people\"; DROP FUNCTION IF EXISTS "
                        + "\"people__pitstop_ren_1\"(); ALTER TABLE \"people\" DROP COLUMN IF EXISTS \"name\"");
        assertThat(ddl.columnsDiffer("name", "full_name"))
                .isEqualTo("(\"name\")::text COLLATE \"C\" IS DISTINCT FROM (\"full_name\")::text COLLATE \"C\"");
    }

    @Test
    void notNullGoesThroughAValidatedHelperCheckEachStatementIdempotent() {
        assertThat(ddl.setNotNullOnline("people", "full_name", "h_nn")).extracting(PostgresColumnSyncTest::flat).containsExactly(
                "ALTER TABLE \"people\" DROP CONSTRAINT IF EXISTS \"h_nn\"",
                "ALTER TABLE \"people\" ADD CONSTRAINT \"h_nn\" CHECK (\"full_name\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"people\" VALIDATE CONSTRAINT \"h_nn\"",
                "ALTER TABLE \"people\" ALTER COLUMN \"full_name\" SET NOT NULL",
                "ALTER TABLE \"people\" DROP CONSTRAINT IF EXISTS \"h_nn\"");
    }

    @Test
    void aDataChunkIsTheUsersConditionAndAKeyRangeWithTypedBounds() {
        RebuildSpec keyed = new RebuildSpec("ledger", "ledger", "ledger", "ledger", "ledger", "ledger", "ledger",
                List.of(new RebuildSpec.KeyColumn("id", "bigint")), List.of(), List.of(), false);
        Sql update = rebuild.updateRange(keyed, "n = n + 1", "id <= 500", List.of("100"), List.of("200"));
        assertThat(update.text()).isEqualTo("UPDATE \"ledger\" SET n = n + 1 WHERE (id <= 500) AND (\"id\") > "
                + "(CAST(? AS bigint)) AND (\"id\") <= (CAST(? AS bigint))");
        assertThat(update.args()).containsExactly("100", "200");
        Sql last = rebuild.deleteRange(keyed, null, List.of("200"), null);
        assertThat(last.text()).isEqualTo("DELETE FROM \"ledger\" WHERE (\"id\") > (CAST(? AS bigint))");
        assertThat(rebuild.deleteRange(keyed, null, null, null).text()).isEqualTo("DELETE FROM \"ledger\"");
    }
}
