package dev.pitstop.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.internal.ManualClock;
import dev.pitstop.internal.throttle.Throttler.Decision;
import dev.pitstop.internal.throttle.Throttler.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottlerTest {


    private final ManualClock clock = new ManualClock();
    private final Throttler throttler = new Throttler(clock, Duration.ofMinutes(10));

    private static Reading load(double value) {
        return Reading.of("server load", "maxLoad/criticalLoad", "", value, 10.0, 50.0);
    }

    private static Reading lag(double seconds) {
        return Reading.of("replica lag", "maxLag/criticalLag", " s", seconds, 2.0, null);
    }

    private Decision decide(Controls controls, Reading... readings) {
        return throttler.decide("the copy of orders", controls, List.of(readings), false);
    }

    @Test
    void belowEveryMaxThresholdTheCopyGoesOn() {
        assertThat(decide(Controls.NONE, load(10), lag(2)).verdict()).isEqualTo(Verdict.GO);
    }

    @Test
    void aboveItsMaxThresholdTheCopyWaitsAndSaysWhyWithTheNumbers() {
        Decision d = decide(Controls.NONE, load(3), lag(2.5));

        assertThat(d.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(d.reason()).isEqualTo("replica lag 2.50 s is above 2 s (maxLag/criticalLag)");
        assertThat(decide(Controls.NONE, load(3), lag(1)).verdict()).as("back at or below max").isEqualTo(Verdict.GO);
    }

    @Test
    void aboveItsCriticalThresholdTheMigrationStopsEvenWhilePaused() {
        Decision d = decide(new Controls("ana@host", null, null), lag(9), load(51));

        assertThat(d.verdict()).isEqualTo(Verdict.STOP);
        assertThat(d.critical()).isTrue();
        assertThat(d.reason()).contains("server load 51 is above its critical threshold 50");
    }

    @Test
    void aSignalThatCannotBeReadFailsClosed() {
        Decision d = decide(Controls.NONE, load(1), Reading.unreadable("throttle query", "throttleQuery",
                "relation \"flags\" does not exist"));

        assertThat(d.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(d.reason()).contains("cannot read throttle query", "relation \"flags\" does not exist");
    }

    @Test
    void pauseHoldsTheCopyAndPostponeOnlyTheCutOver() {
        Controls postponed = new Controls(null, "ana@host", null);

        assertThat(decide(new Controls("ana@host", null, null)).verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decide(postponed).verdict()).as("chunks go on while the cut-over is postponed").isEqualTo(Verdict.GO);
        Decision cutOver = throttler.decide("the cut-over of orders", postponed, List.of(), true);
        assertThat(cutOver.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(cutOver.reason()).contains("pitstop unpostpone");
    }

    @Test
    void aWaitLongerThanMaxPauseStopsWithoutCallingItCritical() {
        Controls paused = new Controls("ana@host", null, null);
        assertThat(decide(paused).verdict()).isEqualTo(Verdict.WAIT);
        clock.advance(Duration.ofMinutes(9));
        assertThat(decide(paused, load(20)).verdict()).as("another cause, the same wait").isEqualTo(Verdict.WAIT);
        clock.advance(Duration.ofMinutes(1));

        Decision d = decide(paused);
        assertThat(d.verdict()).isEqualTo(Verdict.STOP);
        assertThat(d.critical()).isFalse();
        assertThat(d.reason()).contains("waited 600 s, longer than maxPause (600 s)", "pitstop pause");
    }

    @Test
    void aWaitThatEndsStartsTheMaxPauseClockAgain() {
        Controls paused = new Controls("ana@host", null, null);
        decide(paused);
        clock.advance(Duration.ofMinutes(9));
        assertThat(decide(Controls.NONE).verdict()).isEqualTo(Verdict.GO);
        decide(paused);
        clock.advance(Duration.ofMinutes(9));

        assertThat(decide(paused).verdict()).isEqualTo(Verdict.WAIT);
    }
}
