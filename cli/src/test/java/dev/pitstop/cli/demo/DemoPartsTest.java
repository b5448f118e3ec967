package dev.pitstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.PitstopException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's arithmetic and its refusals, without a database. */
class DemoPartsTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
        }
        LatencySummary s = LatencySummary.of(nanos, 2_000_000_000L, 0);

        assertThat(s.transactions()).isEqualTo(100);
        assertThat(s.perSecond()).isEqualTo(50.0);
        assertThat(s.p50Millis()).isEqualTo(50.0);
        assertThat(s.p99Millis()).isEqualTo(99.0);
        assertThat(s.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void aWindowCountsOnlyTheTransactionsThatStartedInsideItOverEveryLog() {
        LatencyLog old = new LatencyLog();
        LatencyLog newer = new LatencyLog();
        old.add(5, 1_000_000);
        old.add(10, 2_000_000);
        newer.add(19, 9_000_000);
        newer.add(20, 50_000_000);

        LatencySummary s = LatencyLog.window(10, 20, old, newer);

        assertThat(s.transactions()).isEqualTo(2);
        assertThat(s.maxMillis()).isEqualTo(9.0);
        assertThat(s.maxStartedNanos()).isEqualTo(19);
    }

    @Test
    void anEmptyWindowIsZeroesNotAnError() {
        LatencySummary s = LatencyLog.window(0, 1_000_000_000L, new LatencyLog());

        assertThat(s.transactions()).isZero();
        assertThat(s.p99Millis()).isZero();
    }

    @Test
    void theStageClockNamesTheStageRunningAtAnInstant() {
        StageClock clock = new StageClock();
        clock.add("copy", 100, 200);
        clock.add("cut-over", 200, 250);

        assertThat(clock.stageAt(199)).isEqualTo("copy");
        assertThat(clock.stageAt(200)).isEqualTo("cut-over");
        assertThat(clock.stageAt(300)).isEqualTo("between stages");
        assertThat(clock.durations()).containsExactly(java.util.Map.entry("copy", Duration.ofNanos(100)),
                java.util.Map.entry("cut-over", Duration.ofNanos(50)));
    }

    @Test
    void rowsComeFromTheCheckpoint() {
        assertThat(StepTimeline.rowsOf("rows=1000123;chunk=8000;complete=true;after=1000123")).isEqualTo(1_000_123);
        assertThat(StepTimeline.rowsOf("chunk=8000")).isZero();
    }

    @Test
    void badOptionsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> new DemoOptions(10, 150, 50, Duration.ofSeconds(5)))
                .isInstanceOf(PitstopException.class).hasMessageContaining("--rows");
        assertThatThrownBy(() -> new DemoOptions(100_000, 0, 50, Duration.ofSeconds(5)))
                .isInstanceOf(PitstopException.class).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new DemoOptions(100_000, 150, 50, Duration.ZERO))
                .isInstanceOf(PitstopException.class).hasMessageContaining("--window");
    }
}
