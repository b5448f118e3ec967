package dev.pitstop.internal.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenameColumnStepTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "varchar(100)|VARCHAR (100) NOT NULL DEFAULT 'anon'|true",
        "int(11)|INT NOT NULL|true",
        "int(11)|INTEGER|true",
        "bigint(20) unsigned|BIGINT UNSIGNED|true",
        "varchar(100)|VARCHAR (200)|false",
        "int(11)|BIGINT|false",
        "|INT|false"})
    void aChangeIsARenameOnlyWhenTheDefinitionKeepsTheType(String current, String definition, boolean same) {
        assertThat(RenameColumnStep.sameType(current == null ? "" : current, definition)).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource({"people,name,full_name", "a_table_name_that_is_much_longer_than_twenty_four,a,b"})
    void helperNamesAreShortAndDistinctPerRename(String table, String from, String to) {
        String helper = RenameColumnStep.helper(table, from, to);
        assertThat(helper.length()).isLessThanOrEqualTo(46);
        assertThat(helper).contains("__pitstop_ren_").isNotEqualTo(RenameColumnStep.helper(table, from, to + "x"));
    }
}
