package dev.pitstop.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.ColumnType;
import dev.pitstop.internal.check.model.Key;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connected, the checker judges a table no migration file created by what the live catalog says of it. */
class LiveSchemaTest {
    /** orders(id bigint primary key, note varchar(200) NULL, qty int NOT NULL) as the server has it; no file creates it. */
    private static final Schema LIVE = new Schema(Map.of("orders", new Table("orders", Map.of(),
            List.of(), false)
            .withColumn(column("id", "bigint", true, null))
            .withColumn(column("note", "character varying(200)", false, null))
            .withColumn(column("qty", "integer", true, null))
            .withKey(new Key("orders_pkey", Key.Kind.PRIMARY, List.of("id")))), Map.of());

    private static Column column(String name, String type, boolean notNull, String dflt) {
        return new Column(name, ColumnType.parse(type, false, n -> null), type, notNull, dflt, false);
    }

    private static List<CheckFinding> check(LiveData live, String change) {
        return new Checker(ParserFlavor.POSTGRES, PreviousQueries.NONE, live).check(List.of(
                new MigrationScript(MigrationVersion.parse("1"), "change", "V1__change.sql", "test", change))).findings();
    }

    private static LiveData live(Schema schema) {
        return new LiveData.Forwarding(LiveData.NONE) {
            @Override
            public Schema schema() {
                return schema;
            }
        };
    }

    @Test
    void aNarrowingOfAColumnOnlyTheLiveCatalogKnowsIsRefused() {
        String change = "ALTER TABLE orders ALTER COLUMN note TYPE varchar(20);";
        assertThat(check(LiveData.NONE, change)).noneMatch(f -> f.severity() == CheckFinding.Severity.REFUSED);
        assertThat(check(live(LIVE), change)).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("narrowing-type-change");
            assertThat(f.why()).contains("varchar(200)", "varchar(20)");
        });
    }

    @Test
    void setNotNullOnALiveNullableColumnWithoutAFillIsRefused() {
        String change = "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;";
        assertThat(check(LiveData.NONE, change)).noneMatch(f -> f.rule().equals("set-not-null-without-fill"));
        assertThat(check(live(LIVE), change)).anyMatch(f -> f.rule().equals("set-not-null-without-fill")
                && f.severity() == CheckFinding.Severity.REFUSED);
    }

    @Test
    void aDropOfTheLivePrimaryKeyIsRefused() {
        assertThat(check(live(LIVE), "ALTER TABLE orders DROP CONSTRAINT orders_pkey;"))
                .anyMatch(f -> f.rule().equals("primary-key-change") && f.severity() == CheckFinding.Severity.REFUSED);
    }
}
