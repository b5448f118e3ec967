package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import dev.pitstop.spi.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlRebuildSqlTest {

    private static RebuildSpec spec(KeyColumn... key) {
        return new RebuildSpec("t", "_t__pitstop_new", "_t__pitstop_old", "_t__pitstop_del", "_t__pitstop_mis",
                "_t__pitstop_sync", "pitstop_sync", List.of(key), List.of(), List.of(), false);
    }

    @Test
    void aCompositeKeyBoundIsWrittenOutWithALeadingRangeSoMariaDbUsesTheIndex() {
        Sql above = MySqlRebuildSql.keyBound(spec(new KeyColumn("a", "int"), new KeyColumn("b", "varchar(10)")), "s.", true,
                List.of("1", "x"));

        assertThat(above.text()).isEqualTo("s.`a` >= ? AND (s.`a` > ? OR (s.`a` = ? AND s.`b` > ?))");
        assertThat(above.args()).containsExactly("1", "1", "1", "x");
    }

    @Test
    void anUpperBoundOfThreeColumnsIncludesTheBoundItself() {
        Sql below = MySqlRebuildSql.keyBound(spec(new KeyColumn("a", "int"), new KeyColumn("b", "int"),
                new KeyColumn("c", "binary(16)")), "", false, List.of("1", "2", "ff"));

        assertThat(below.text()).isEqualTo("`a` <= ? AND (`a` < ? OR (`a` = ? AND (`b` < ? OR (`b` = ? AND `c` <= UNHEX(?)))))");
        assertThat(below.args()).containsExactly("1", "1", "1", "2", "2", "ff");
    }

    @Test
    void eachSyncTriggerMarksItsWritesWithItsStatementAndSkipsOnlyTheOtherDirectionsMarkOfTheSameStatement() {
        KeyColumn id = new KeyColumn("id", "bigint(20)");
        RebuildSpec forward = spec(id);
        RebuildSpec back = new RebuildSpec("t", "_t__pitstop_old", "_t__pitstop_new", "_t__pitstop_del", "_t__pitstop_bmis",
                "_t__pitstop_back_sync", "pitstop_sync", List.of(id), List.of(), List.of(), true);
        MySqlRebuildSql sql = new MySqlRebuildSql(Flavour.of("10.11.19-MariaDB"));

        String del = trigger(sql.installSync(forward), "AFTER DELETE");
        assertThat(del).startsWith("CREATE TRIGGER `_t__pitstop_sync_del` AFTER DELETE ON `t` FOR EACH ROW BEGIN IF "
                + "@pitstop_sync IS NULL OR @pitstop_sync NOT IN (1, 0 - NOW(6)) THEN BEGIN DECLARE EXIT HANDLER FOR "
                + "SQLEXCEPTION BEGIN SET @pitstop_sync = NULL; RESIGNAL; END; BEGIN SET @pitstop_sync = NOW(6) + 0; "
                + "DELETE FROM `_t__pitstop_new` WHERE `id` = OLD.`id`; SET @pitstop_sync = NULL;");
        assertThat(trigger(sql.installSync(back), "AFTER DELETE")).contains("@pitstop_sync NOT IN (1, NOW(6) + 0) THEN",
                "SET @pitstop_sync = 0 - NOW(6); DELETE FROM `_t__pitstop_old`");
        for (RebuildSpec spec : List.of(forward, back)) {
            assertThat(String.join("\n", sql.installSync(spec).stream().map(Sql::text).toList()))
                    .doesNotContain("@pitstop_sync IS NULL THEN", "@pitstop_sync = 1");
        }
    }

    @Test
    void theUsersTriggersCopiesSkipBothDirectionsAndLoseTheGuardOldOrNewWhenTheyTakeTheirNamesBack() {
        MySqlRebuildSql sql = new MySqlRebuildSql(Flavour.of("10.11.19-MariaDB"));
        RebuildSpec spec = spec(new KeyColumn("id", "int"));

        assertThat(sql.cloneUserTriggers(spec).orElseThrow().text()).contains("' FOR EACH ROW BEGIN IF @pitstop_sync IS NULL "
                + "OR @pitstop_sync NOT IN (1, NOW(6) + 0, 0 - NOW(6)) THEN ', action_statement, '; END IF; END')");
        assertThat(sql.restoreUserTriggerNames(spec).orElseThrow().text()).contains("IF(LEFT(action_statement, 36) = "
                + "'BEGIN IF @pitstop_sync IS NULL THEN ', SUBSTRING(action_statement, 37, CHAR_LENGTH(action_statement) - 49), "
                + "SUBSTRING(action_statement, 89, CHAR_LENGTH(action_statement) - 101))");
    }

    private static String trigger(List<Sql> statements, String event) {
        return statements.stream().map(Sql::text).filter(t -> t.contains(event)).findFirst().orElseThrow();
    }

    @Test
    void aSingleColumnKeyIsOneComparison() {
        Sql above = MySqlRebuildSql.keyBound(spec(new KeyColumn("id", "bigint(20)")), "", true, List.of("7"));

        assertThat(above.text()).isEqualTo("`id` > ?");
        assertThat(above.args()).containsExactly("7");
    }

    @Test
    void theRowEstimateOfATableNeverAnalysedIsTheSpanOfItsIntegerKey() {
        MySqlRebuildSql sql = new MySqlRebuildSql(new Flavour(true, 10, 11));

        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("id", "bigint(20) unsigned"))).orElseThrow().text())
                .isEqualTo("SELECT COALESCE(MAX(`id`) - MIN(`id`) + 1, 0) AS n FROM `t`");
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("code", "varchar(10)")))).isEmpty();
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("a", "int"), new KeyColumn("b", "int")))).isEmpty();
    }
}
