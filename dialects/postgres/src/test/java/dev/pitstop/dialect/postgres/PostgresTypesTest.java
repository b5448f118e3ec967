package dev.pitstop.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "character varying(50)  | varchar(200)",
            "character varying(50)  | varchar(50)",
            "character varying(50)  | varchar",
            "character varying(50)  | text",
            "character varying      | TEXT",
            "text                   | varchar",
            "numeric(10,2)          | numeric(12,2)",
            "numeric(10,2)          | decimal(10, 2)",
            "numeric(10,2)          | numeric",
            "integer                | int4",
            "bigint                 | int8",
            "timestamp with time zone | timestamptz"})
    void metadataOnlyChanges(String current, String target) {
        assertThat(PostgresTypes.changeIsMetadataOnly(current, target)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "integer                | bigint",
            "character varying(200) | varchar(50)",
            "text                   | varchar(200)",
            "numeric(10,2)          | numeric(12,3)",
            "numeric(12,2)          | numeric(10,2)",
            "numeric                | numeric(12,2)",
            "character varying      | varchar(10)",
            "timestamp without time zone | timestamptz",
            "integer[]              | bigint[]",
            "text                   | integer"})
    void changesThatRewriteOrScan(String current, String target) {
        assertThat(PostgresTypes.changeIsMetadataOnly(current, target)).isFalse();
    }
}
