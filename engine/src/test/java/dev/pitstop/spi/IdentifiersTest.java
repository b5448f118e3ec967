package dev.pitstop.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifiersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders                  | ''          | orders",
            "public.orders           | public.     | orders",
            "\"my.schema\".\"t.x\"   | \"my.schema\". | \"t.x\"",
            "`db`.`or.ders`          | `db`.       | `or.ders`",
            "\"a\"\"b\".c            | \"a\"\"b\". | c"})
    void splitsAtTheLastDotOutsideQuotes(String written, String qualifier, String unqualified) {
        assertThat(Identifiers.qualifier(written)).isEqualTo(qualifier);
        assertThat(Identifiers.unqualified(written)).isEqualTo(unqualified);
    }
}
