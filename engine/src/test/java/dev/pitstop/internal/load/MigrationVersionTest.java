package dev.pitstop.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationVersionTest {

    private static MigrationVersion v(String text) {
        return MigrationVersion.parse(text);
    }

    @Test
    void partsCompareNumericallySo1_10ComesAfter1_9() {
        assertThat(v("1.10")).isGreaterThan(v("1.9"));
        assertThat(v("10")).isGreaterThan(v("9"));
        assertThat(v("2")).isGreaterThan(v("1.999"));
    }

    @Test
    void aLongerVersionWithANonZeroTailComesAfterItsPrefix() {
        assertThat(v("1.0.1")).isGreaterThan(v("1"));
        assertThat(v("1.1")).isGreaterThan(v("1"));
    }

    @Test
    void trailingZeroPartsDoNotCount() {
        assertThat(v("1.0")).isEqualTo(v("1"));
        assertThat(v("1.0.0")).isEqualTo(v("1"));
        assertThat(v("1.0")).hasSameHashCodeAs(v("1"));
        assertThat(v("1.0").compareTo(v("1"))).isZero();
    }

    @Test
    void leadingZerosInAPartDoNotCount() {
        assertThat(v("1.01")).isEqualTo(v("1.1"));
        assertThat(v("007")).isEqualTo(v("7"));
    }

    @Test
    void underscoresReadAsDots() {
        assertThat(v("2_1")).isEqualTo(v("2.1"));
        assertThat(v("2_1").toString()).isEqualTo("2.1");
        assertThat(v("1_2.3")).isEqualTo(v("1.2.3"));
    }

    @Test
    void toStringKeepsTheTextAsWrittenWithDots() {
        assertThat(v("1.10").toString()).isEqualTo("1.10");
        assertThat(v("1.0").toString()).isEqualTo("1.0");
    }

    @Test
    void partsBeyondTheRangeOfLongStillCompare() {
        assertThat(v("99999999999999999999999")).isGreaterThan(v("99999999999999999999998"));
    }

    @Test
    void sortingAMixedListGivesNumericOrder() {
        List<MigrationVersion> versions = new ArrayList<>(List.of(v("1.10"), v("2"), v("1.2"), v("1.9"), v("1")));
        Collections.shuffle(versions);
        Collections.sort(versions);
        assertThat(versions).extracting(MigrationVersion::toString).containsExactly("1", "1.2", "1.9", "1.10", "2");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a", "v1", "1.", ".1", "1..2", "1-2", "1.a", " 1", "1 ", "1,2", "-1", "1__2"})
    void rejectsAnythingThatIsNotDigitsSeparatedByDotsOrUnderscores(String text) {
        assertThatThrownBy(() -> MigrationVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a version");
    }
}
