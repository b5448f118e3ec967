package dev.pitstop.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of the rebuild SQL used for progress reports. */
class PostgresRebuildSqlTest {
    private final PostgresRebuildSql sql = new PostgresRebuildSql();

    private static RebuildSpec spec(KeyColumn... key) {
        return new RebuildSpec("t", "_t__pitstop_new", "_t__pitstop_old", "_t__pitstop_del", "_t__pitstop_mis",
                "_t__pitstop_sync", "pitstop_sync", List.of(key), List.of(), List.of(), false);
    }

    @Test
    void theRowEstimateComesFromTheCatalog() {
        assertThat(sql.estimatedRows("orders").text())
                .isEqualTo("SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = to_regclass(quote_ident(?))");
    }

    @Test
    void theRowEstimateOfATableNeverAnalysedIsTheSpanOfItsIntegerKey() {
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("id", "bigint"))).orElseThrow().text())
                .isEqualTo("SELECT coalesce(max(\"id\") - min(\"id\") + 1, 0)::bigint AS n FROM \"t\"");
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("id", "integer"))).orElseThrow().text()).contains("max(\"id\")");
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("id", "uuid")))).isEmpty();
        assertThat(sql.rowsByKeyRange(spec(new KeyColumn("a", "int"), new KeyColumn("b", "int")))).isEmpty();
    }
}
