package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlavourTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5.5.5-10.11.19-MariaDB       | true  | 10 | 11 | MariaDB 10.11",
            "10.11.19-MariaDB-0+deb12u1   | true  | 10 | 11 | MariaDB 10.11",
            "11.4.2-MariaDB-ubu2404       | true  | 11 | 4  | MariaDB 11.4",
            "8.4.3                        | false | 8  | 4  | MySQL 8.4",
            "8.0.36-0ubuntu0.22.04.1      | false | 8  | 0  | MySQL 8.0",
            "5.7.44-log                   | false | 5  | 7  | MySQL 5.7"})
    void readsProductVersions(String productVersion, boolean mariaDb, int major, int minor, String described) {
        Flavour flavour = Flavour.of(productVersion);

        assertThat(flavour).isEqualTo(new Flavour(mariaDb, major, minor));
        assertThat(flavour.describe()).isEqualTo(described);
    }

    @Test
    void anUnreadableVersionIsZeroButStillKnowsMariaDb() {
        assertThat(Flavour.of("unknown")).isEqualTo(new Flavour(false, 0, 0));
        assertThat(Flavour.of("MariaDB")).isEqualTo(new Flavour(true, 0, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8.0.36                  | true",
            "8.4.3                   | true",
            "5.7.44                  | false",
            "5.5.5-10.3.39-MariaDB   | true",
            "5.5.5-10.2.44-MariaDB   | false",
            "11.4.2-MariaDB          | true"})
    void instantAddColumnNeedsMySql8OrMariaDb10_3(String productVersion, boolean instant) {
        assertThat(Flavour.of(productVersion).instantAddColumn()).isEqualTo(instant);
    }
}
