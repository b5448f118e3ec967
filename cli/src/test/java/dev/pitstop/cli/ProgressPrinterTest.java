package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.Phase;
import dev.pitstop.event.MigrationEvent;
import dev.pitstop.event.MigrationEvent.ChunkProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code migrate} prints for progress: the bar, the periodic lines, and when each is drawn. */
class ProgressPrinterTest {

    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final StringWriter text = new StringWriter();

    private static ChunkProgress progress(long done, Duration eta) {
        return new ChunkProgress("7", 1, "orders", "copy", done, 1_000_000, 48_000.4, eta, 4_000, false, null,
                Duration.ofSeconds(3));
    }

    @Test
    void theBarShowsStepRowsPercentRateEtaAndThrottleState() {
        assertThat(ProgressPrinter.bar(progress(120_000, Duration.ofSeconds(3_725)), 2)).isEqualTo(
                "V7 step 1/2 orders copy [###---------------------] 120,000/1,000,000  12.0% 48,000 rows/s ETA 1:02:05 running");
        ChunkProgress throttled = new ChunkProgress("7", 1, "orders", "update", 5, 10, 0, null, 100, true,
                "replica lag 12 s", Duration.ZERO);
        assertThat(ProgressPrinter.line(throttled, 1)).isEqualTo(
                "V7 step 1/1 orders: update 5 of ~10 rows (50.0%), 0 rows/s, ETA -:--:--, throttled (replica lag 12 s)");
    }

    @Test
    void linesComeAtMostOncePerIntervalAndTheLastStateWhenThePhaseEnds() {
        ProgressPrinter printer = new ProgressPrinter(ProgressPrinter.Mode.lines, new PrintWriter(text), clock,
                Duration.ofSeconds(10));
        printer.onEvent(new MigrationEvent.StepStarted("7", 1, 2, "rebuild-table", "ALTER TABLE orders ..."));
        for (int i = 1; i <= 25; i++) {
            printer.onEvent(progress(i * 40_000L, Duration.ofSeconds(25 - i)));
            clock.now = clock.now.plusSeconds(1);
        }
        printer.onEvent(new MigrationEvent.PhaseFinished("7", 1, Phase.BACKFILL, Duration.ofSeconds(26)));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("V7 step 1/2 orders: copy 40,000 of ~1,000,000 rows (4.0%)");
        assertThat(lines.get(1)).contains("copy 440,000 of");
        assertThat(lines.get(2)).contains("copy 840,000 of");
        assertThat(lines.get(3)).contains("copy 1,000,000 of ~1,000,000 rows (100.0%)", "ETA 0:00:00");
    }

    @Test
    void theBarIsRedrawnInPlaceAndEndsItsLineBeforeTheCutOverReport() {
        ProgressPrinter printer = new ProgressPrinter(ProgressPrinter.Mode.bar, new PrintWriter(text), clock,
                Duration.ofSeconds(10));
        printer.onEvent(new MigrationEvent.StepStarted("7", 1, 1, "rebuild-table", "ALTER TABLE orders ..."));
        printer.onEvent(progress(500_000, Duration.ofSeconds(10)));
        clock.now = clock.now.plusMillis(50);
        printer.onEvent(progress(600_000, Duration.ofSeconds(8)));
        clock.now = clock.now.plusMillis(100);
        printer.onEvent(progress(1_000_000, Duration.ZERO));
        printer.onEvent(new MigrationEvent.CutOverAttempt("7", 1, "orders", 1, List.of(), true, Duration.ofMillis(3)));

        String out = text.toString();
        assertThat(out).startsWith("\rV7 step 1/1 orders copy [############------------] 500,000/1,000,000");
        assertThat(out).doesNotContain("600,000/").contains("\rV7 step 1/1 orders copy [########################] 1,000,000/");
        assertThat(out).endsWith("running\nV7 step 1: cut-over of orders, attempt 1: swapped\n");
    }

    @Test
    void noneShowsNothing() {
        ProgressPrinter printer = new ProgressPrinter(ProgressPrinter.Mode.none, new PrintWriter(text), clock,
                Duration.ofSeconds(10));
        printer.onEvent(progress(1, null));
        printer.onEvent(new MigrationEvent.PhaseFinished("7", 1, Phase.BACKFILL, Duration.ZERO));
        assertThat(text.toString()).isEmpty();
    }
}
