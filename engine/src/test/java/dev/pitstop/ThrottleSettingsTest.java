package dev.pitstop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleSettingsTest {

    private static PitstopConfig.Builder builder() {
        return Pitstop.configure().dataSource(new PitstopConfigTest.UntouchableDataSource());
    }

    @Test
    void noSignalIsReadUnlessItHasAThreshold() {
        ThrottleSettings t = builder().build().throttle();

        assertThat(t).isEqualTo(ThrottleSettings.NONE);
        assertThat(t.readsLag()).isFalse();
        assertThat(t.readsLoad()).isFalse();
        assertThat(t.maxPause()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void everyThrottleSettingReachesTheConfig() {
        ThrottleSettings t = builder().maxLag(Duration.ofSeconds(2)).criticalLag(Duration.ofSeconds(30))
                .lagQuery(" SELECT 1 ").maxLoad(20).criticalLoad(80).throttleQuery("SELECT 0").throttleQueryCritical(5.0)
                .maxPause(Duration.ofMinutes(30)).build().throttle();

        assertThat(t).isEqualTo(new ThrottleSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), "SELECT 1", 20, 80,
                "SELECT 0", 5.0, Duration.ofMinutes(30)));
    }

    @Test
    void aCriticalThresholdMustBeAboveItsMax() {
        assertThatThrownBy(() -> builder().maxLoad(20).criticalLoad(20).validate())
                .isInstanceOf(PitstopException.class).hasMessageContaining("criticalLoad (20) must be above maxLoad (20)")
                .extracting(e -> ((PitstopException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThatThrownBy(() -> builder().maxLag(Duration.ofSeconds(5)).criticalLag(Duration.ofSeconds(1)).validate())
                .hasMessageContaining("criticalLag");
    }

    @Test
    void aQueryWithoutAThresholdOrACriticalWithoutAQueryIsRefused() {
        assertThatThrownBy(() -> builder().lagQuery("SELECT 1").validate()).hasMessageContaining("lagQuery is set");
        assertThatThrownBy(() -> builder().throttleQueryCritical(3.0).validate())
                .hasMessageContaining("throttleQuery is not");
        assertThatThrownBy(() -> builder().maxPause(Duration.ZERO).validate()).hasMessageContaining("maxPause");
    }
}
