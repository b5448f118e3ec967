package dev.pitstop.internal.run.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pitstop.internal.ManualClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rate and ETA arithmetic of {@link ProgressMeter}, on a clock the test moves. */
class ProgressMeterTest {


    private final ManualClock clock = new ManualClock();
    private final ProgressMeter meter = new ProgressMeter(clock, ProgressMeter.SMOOTHING);

    @Test
    void aSteadyRateGivesTheExactRemainingTime() {
        meter.observe(1_000, 1_000_000);
        ProgressMeter.Reading r = null;
        for (int chunk = 2; chunk <= 10; chunk++) {
            clock.advance(Duration.ofMillis(100));
            r = meter.observe(chunk * 1_000L, 1_000_000);
        }
        assertThat(r.rowsPerSecond()).isCloseTo(10_000, within(0.001));
        assertThat(r.eta()).isEqualTo(Duration.ofSeconds(99));
        assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void theFirstChunkOnlySetsTheBaseSoAResumedCopyIsNotCountedAsInstant() {
        ProgressMeter.Reading first = meter.observe(500_000, 1_000_000);
        assertThat(first.rowsPerSecond()).isZero();
        assertThat(first.eta()).isNull();

        clock.advance(Duration.ofSeconds(1));
        ProgressMeter.Reading second = meter.observe(505_000, 1_000_000);
        assertThat(second.rowsPerSecond()).isCloseTo(5_000, within(0.001));
        assertThat(second.eta()).isEqualTo(Duration.ofSeconds(99));
    }

    @Test
    void aChangedRateIsMostlyTakenInAfterTheSmoothingTimeAndFullySoonAfter() {
        long rows = 0;
        meter.observe(rows, 10_000_000);
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            rows += 2_000;
            meter.observe(rows, 10_000_000);
        }
        assertThat(meter.latest().rowsPerSecond()).isCloseTo(20_000, within(0.01));
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(100));
            rows += 1_000;
            meter.observe(rows, 10_000_000);
        }
        // 5 s = one time constant: the last 5 s weigh 1 - 1/e, the 10 s before (1 - 1/e^2) / e
        double before = (1 - Math.exp(-2)) / Math.E;
        double last = 1 - 1 / Math.E;
        assertThat(meter.latest().rowsPerSecond()).isCloseTo((20_000 * before + 10_000 * last) / (before + last),
                within(1.0));
        for (int i = 0; i < 400; i++) {
            clock.advance(Duration.ofMillis(100));
            rows += 1_000;
            meter.observe(rows, 10_000_000);
        }
        assertThat(meter.latest().rowsPerSecond()).isCloseTo(10_000, within(10.0));
    }

    @Test
    void chunksOfDifferentSizesWeighByTheirTimeNotTheirCount() {
        meter.observe(0, 1_000_000);
        clock.advance(Duration.ofMillis(10));
        meter.observe(100, 1_000_000);
        clock.advance(Duration.ofMillis(1_000));
        ProgressMeter.Reading r = meter.observe(10_100, 1_000_000);
        // both chunks ran at 10,000 rows/s: the average is that, whatever their sizes
        assertThat(r.rowsPerSecond()).isCloseTo(10_000, within(0.001));
    }

    @Test
    void theChunksOfTheSizersRampUpDoNotCountTowardsTheRate() {
        // chunks growing 1.5x at 5 rows/ms, then steady 10,000-row chunks at 20 rows/ms
        int[] sizes = {1_000, 1_500, 2_250, 3_375, 5_062, 7_593, 10_000, 10_000, 10_000};
        long rows = 0;
        meter.observe(rows, 1_000_000, sizes[0]);
        for (int i = 0; i < sizes.length; i++) {
            boolean ramp = i < 6;
            clock.advance(Duration.ofMillis(ramp ? sizes[i] / 5 : sizes[i] / 20));
            rows += sizes[i];
            meter.observe(rows, 1_000_000, i + 1 < sizes.length ? sizes[i + 1] : 10_000);
        }
        assertThat(meter.latest().rowsPerSecond()).isCloseTo(20_000, within(0.001));
    }

    @Test
    void aBackOffAfterTheRampCountsLikeAnyChunk() {
        meter.observe(0, 1_000_000, 1_000);
        clock.advance(Duration.ofMillis(100));
        meter.observe(1_000, 1_000_000, 1_100);
        clock.advance(Duration.ofMillis(100));
        meter.observe(2_100, 1_000_000, 550);
        clock.advance(Duration.ofMillis(100));
        ProgressMeter.Reading r = meter.observe(2_650, 1_000_000, 825);
        // 10,000, 11,000 and 5,500 rows/s, 100 ms each
        assertThat(r.rowsPerSecond()).isCloseTo(8_833, within(50.0));
    }

    @Test
    void anEstimateBelowTheRowsDoneIsRaisedToThemAndTheEtaIsZero() {
        meter.observe(0, 100);
        clock.advance(Duration.ofSeconds(1));
        ProgressMeter.Reading r = meter.observe(150, 100);
        assertThat(r.rowsEstimated()).isEqualTo(150);
        assertThat(r.eta()).isEqualTo(Duration.ZERO);
    }

    @Test
    void chunksWithinOneMillisecondAreMeasuredTogether() {
        meter.observe(0, 1_000);
        meter.observe(10, 1_000);
        assertThat(meter.latest().eta()).isNull();
        clock.advance(Duration.ofMillis(2));
        assertThat(meter.observe(20, 1_000).rowsPerSecond()).isCloseTo(10_000, within(0.001));
    }

    /**
     * A copy of 1,000,000 rows as the chunk sizer runs it: chunks growing 1.5x from 1,000 rows to the size
     * that takes the 100 ms target, every chunk's time off by up to +-40 % at random, the first second 1.5x
     * slower. From 10 % done on (to the last second), every ETA is within 30 % of the time the rest really
     * takes.
     */
    @Test
    void theEtaAfterTenPercentIsWithinThirtyPercentOfTheRealRemainingTime() {
        Random random = new Random(42);
        long total = 1_000_000;
        double rowsPerMilli = 40;
        long rows = 0;
        int chunk = 1_000;
        java.util.List<long[]> readings = new java.util.ArrayList<>();
        meter.observe(0, total);
        long elapsed = 0;
        while (rows < total) {
            int n = (int) Math.min(chunk, total - rows);
            double slow = elapsed < 1_000 ? 1.5 : 1.0;
            long millis = Math.max(1, Math.round(n / rowsPerMilli * slow * (0.6 + 0.8 * random.nextDouble())));
            clock.advance(Duration.ofMillis(millis));
            elapsed += millis;
            rows += n;
            ProgressMeter.Reading r = meter.observe(rows, total);
            readings.add(new long[] {rows, elapsed, r.eta() == null ? -1 : r.eta().toMillis()});
            chunk = (int) Math.min(Math.round(chunk * 1.5), Math.round(rowsPerMilli * 100));
        }
        long end = elapsed;
        for (long[] r : readings) {
            if (r[0] >= total / 10 && r[0] < total) {
                long real = end - r[1];
                if (real > 1_000) {
                    assertThat((double) r[2]).as("ETA at %d rows", r[0]).isCloseTo(real, within(real * 0.3));
                }
            }
        }
    }
}
