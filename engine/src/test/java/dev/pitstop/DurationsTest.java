package dev.pitstop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "45,PT45S", "PT2S,PT2S", " 10S ,PT10S"})
    void readsUnitsPlainSecondsAndIso8601(String text, String expected) {
        assertThat(Durations.parse("lockWait", text, Duration.ZERO)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void blankGivesTheFallback() {
        assertThat(Durations.parse("lockWait", " ", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("lockWait", null, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void garbageIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> Durations.parse("ddlLockTimeout", "soon", Duration.ZERO))
                .isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.getMessage()).startsWith("ddlLockTimeout: 'soon' is not a duration");
                });
    }
}
