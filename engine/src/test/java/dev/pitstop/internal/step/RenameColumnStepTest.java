package dev.pitstop.internal.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenameColumnStepTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "varchar(100)|VARCHAR (100)|false|true",
        "varchar(100)|VARCHAR (100) NOT NULL|true|true",
        "varchar(100)|VARCHAR (100) NOT NULL|false|false",
        "varchar(100)|VARCHAR (100) NOT NULL DEFAULT 'anon'|true|false",
        "int(11)|INT NOT NULL|true|true",
        "int(11)|INTEGER|false|true",
        "int(11)|INT UNSIGNED|false|false",
        "bigint(20) unsigned|BIGINT UNSIGNED|false|true",
        "varchar(100)|VARCHAR (100) COLLATE utf8mb4_bin|false|false",
        "varchar(100)|VARCHAR (200)|false|false",
        "int(11)|BIGINT|false|false",
        "|INT|false|false"})
    void aChangeIsARenameOnlyWhenTheDefinitionIsTheColumnsOwn(String current, String definition, boolean notNull, boolean same) {
        assertThat(RenameColumnStep.sameType(current == null ? "" : current, definition, notNull)).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource({"people,name,full_name", "a_table_name_that_is_much_longer_than_twenty_four,a,b"})
    void helperNamesAreShortAndDistinctPerRename(String table, String from, String to) {
        String helper = RenameColumnStep.helper(table, from, to);
        assertThat(helper.length()).isLessThanOrEqualTo(46);
        assertThat(helper).contains("__pitstop_ren_").isNotEqualTo(RenameColumnStep.helper(table, from, to + "x"));
    }
}
