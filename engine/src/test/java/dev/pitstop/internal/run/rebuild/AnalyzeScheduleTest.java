package dev.pitstop.internal.run.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalyzeScheduleTest {

    @Test
    void theFirstRefreshComesWhenTheShadowHasTenThousandRows() {
        AnalyzeSchedule schedule = new AnalyzeSchedule(0);

        assertThat(schedule.due(9_999, Duration.ofMillis(100))).isFalse();
        assertThat(schedule.due(10_000, Duration.ofMillis(100))).isTrue();
    }

    @Test
    void aResumedCopyWaitsUntilTheShadowHasDoubled() {
        AnalyzeSchedule schedule = new AnalyzeSchedule(400_000);

        assertThat(schedule.due(799_999, Duration.ofMinutes(1))).isFalse();
        assertThat(schedule.due(800_000, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void refreshesStayWithinATwentiethOfTheCopysTime() {
        AnalyzeSchedule schedule = new AnalyzeSchedule(0);
        schedule.ran(10_000, Duration.ofMillis(40));

        // doubled, but 40 ms spent and 40 more to come: 80 ms may be a twentieth of 1.6 s, not of 1.5 s
        assertThat(schedule.due(100_000, Duration.ofMillis(1_500))).isFalse();
        assertThat(schedule.due(100_000, Duration.ofMillis(1_600))).isTrue();

        schedule.ran(100_000, Duration.ofMillis(200));
        assertThat(schedule.due(199_999, Duration.ofSeconds(60))).as("not doubled").isFalse();
        assertThat(schedule.due(200_000, Duration.ofMillis(8_700))).as("(240 + 200) x 20 = 8.8 s").isFalse();
        assertThat(schedule.due(200_000, Duration.ofMillis(8_800))).isTrue();
    }
}
