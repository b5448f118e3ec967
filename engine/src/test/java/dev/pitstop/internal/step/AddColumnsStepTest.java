package dev.pitstop.internal.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddColumnsStepTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ALTER TABLE orders ADD COLUMN c timestamptz DEFAULT now();| ADD COLUMN c timestamptz DEFAULT now()",
            "alter table if exists only public.orders add c uuid default gen_random_uuid()| add c uuid default gen_random_uuid()",
            "ALTER TABLE \"My Schema\".\"Order \"\"Lines\"\"\"\t  ADD COLUMN c int DEFAULT 1, ADD COLUMN d bigserial ;"
                    + "| ADD COLUMN c int DEFAULT 1, ADD COLUMN d bigserial"})
    void theClausesAreWhatFollowsTheTableName(String sql, String clauses) {
        AddColumnsStep step = new AddColumnsStep(new ParsedStatement.AddColumns(new SourceStatement(sql, 1, ""), "orders",
                List.of()));

        assertThat(step.clauses()).isEqualTo(clauses.strip());
    }
}
