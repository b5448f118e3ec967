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
