package dev.pitstop.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitstop.internal.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BoundedRetryTest {


    private static final Predicate<Exception> LOCK_TIMEOUTS = e -> e instanceof SQLException s && "55P03".equals(s.getSQLState());
    private static final BoundedRetry.BeforeRetry NOTHING = (e, n) -> { };

    private final ManualClock clock = new ManualClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };

    private BoundedRetry retry(Duration budget, Duration firstPause, Duration maxPause) {
        return new BoundedRetry(clock, sleeper, budget, firstPause, maxPause);
    }

    private static SQLException lockTimeout(int n) {
        return new SQLException("canceling statement due to lock timeout #" + n, "55P03");
    }

    @Test
    void retriesRetryableFailuresUntilTheAttemptSucceeds() throws Exception {
        List<Integer> retried = new ArrayList<>();
        int[] calls = {0};

        String result = retry(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5)).run(() -> {
            calls[0]++;
            if (calls[0] < 3) {
                throw lockTimeout(calls[0]);
            }
            return "done";
        }, LOCK_TIMEOUTS, (e, n) -> retried.add(n));

        assertThat(result).isEqualTo("done");
        assertThat(calls[0]).isEqualTo(3);
        assertThat(retried).containsExactly(1, 2);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aFirstTimeSuccessNeitherSleepsNorCallsBeforeRetry() throws Exception {
        List<Integer> retried = new ArrayList<>();

        int result = retry(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1))
                .run(() -> 42, LOCK_TIMEOUTS, (e, n) -> retried.add(n));

        assertThat(result).isEqualTo(42);
        assertThat(sleeps).isEmpty();
        assertThat(retried).isEmpty();
    }

    @Test
    void rethrowsANonRetryableFailureAtOnce() {
        SQLException syntax = new SQLException("syntax error", "42601");
        int[] calls = {0};
        List<Integer> retried = new ArrayList<>();

        assertThatThrownBy(() -> retry(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5)).run(() -> {
            calls[0]++;
            throw syntax;
        }, LOCK_TIMEOUTS, (e, n) -> retried.add(n))).isSameAs(syntax);

        assertThat(calls[0]).isEqualTo(1);
        assertThat(retried).isEmpty();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aNonRetryableFailureAfterSomeRetriesIsRethrownAsIs() {
        IllegalStateException broken = new IllegalStateException("broken");
        int[] calls = {0};

        assertThatThrownBy(() -> retry(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5)).run(() -> {
            calls[0]++;
            if (calls[0] < 3) {
                throw lockTimeout(calls[0]);
            }
            throw broken;
        }, LOCK_TIMEOUTS, NOTHING)).isSameAs(broken);

        assertThat(calls[0]).isEqualTo(3);
    }

    @Test
    void givesUpWhenTheBudgetIsSpentCarryingAttemptsWaitAndLastFailure() {
        int[] calls = {0};
        BoundedRetry retry = retry(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2));

        BoundedRetry.GaveUp gaveUp = catchThrowableOfType(BoundedRetry.GaveUp.class, () -> retry.run(() -> {
            calls[0]++;
            throw lockTimeout(calls[0]);
        }, LOCK_TIMEOUTS, NOTHING));

        assertThat(gaveUp).isNotNull();
        assertThat(gaveUp.attempts()).isEqualTo(calls[0]).isGreaterThan(1);
        assertThat(gaveUp.waited()).isEqualTo(Duration.ofSeconds(10));
        assertThat(gaveUp.last()).hasMessage("canceling statement due to lock timeout #" + calls[0]);
        assertThat(gaveUp).hasMessage(gaveUp.last().getMessage());
        assertThat(sleeps).hasSize(calls[0] - 1);
    }

    @Test
    void theLastPauseIsCutToWhatIsLeftOfTheBudget() {
        BoundedRetry retry = retry(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(1));

        catchThrowable(() -> retry.run(() -> {
            throw lockTimeout(0);
        }, LOCK_TIMEOUTS, NOTHING));

        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMillis(1500));
        assertThat(sleeps.get(sleeps.size() - 1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void timeSpentInsideTheAttemptsCountsAgainstTheBudget() {
        int[] calls = {0};
        BoundedRetry retry = retry(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(10));

        BoundedRetry.GaveUp gaveUp = catchThrowableOfType(BoundedRetry.GaveUp.class, () -> retry.run(() -> {
            calls[0]++;
            clock.advance(Duration.ofSeconds(2));
            throw lockTimeout(calls[0]);
        }, LOCK_TIMEOUTS, NOTHING));

        assertThat(gaveUp.attempts()).isEqualTo(3);
    }

    @Test
    void theBeforeRetryHookSeesTheFailureAndItsAttemptNumber() throws Exception {
        List<String> seen = new ArrayList<>();
        int[] calls = {0};

        retry(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5)).run(() -> {
            calls[0]++;
            if (calls[0] <= 2) {
                throw lockTimeout(calls[0]);
            }
            return null;
        }, LOCK_TIMEOUTS, (e, n) -> seen.add(n + ": " + e.getMessage()));

        assertThat(seen).containsExactly("1: canceling statement due to lock timeout #1", "2: canceling statement due to lock timeout #2");
    }

    @Test
    void pausesStayBetweenHalfAndAllOfTheDoublingCap() {
        BoundedRetry retry = retry(Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofSeconds(10));

        for (int attempt = 1; attempt <= 10; attempt++) {
            long cap = Math.min(10_000, 100L << (attempt - 1));
            for (int sample = 0; sample < 200; sample++) {
                assertThat(retry.pause(attempt).toMillis()).as("attempt %d", attempt).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void pausesNeverExceedMaxPauseHoweverManyAttempts() {
        BoundedRetry retry = retry(Duration.ofHours(1), Duration.ofMillis(250), Duration.ofSeconds(3));

        for (int attempt = 1; attempt <= 100; attempt++) {
            for (int sample = 0; sample < 20; sample++) {
                assertThat(retry.pause(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(3)).isPositive();
            }
        }
    }

    @Test
    void pausesAreJittered() {
        BoundedRetry retry = retry(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1));

        List<Duration> pauses = new ArrayList<>();
        for (int sample = 0; sample < 50; sample++) {
            pauses.add(retry.pause(1));
        }

        assertThat(new HashSet<>(pauses)).hasSizeGreaterThan(10);
    }

    @Test
    void aOneMillisecondMaxPauseIsNeverExceeded() {
        BoundedRetry retry = retry(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1));

        for (int sample = 0; sample < 100; sample++) {
            assertThat(retry.pause(1)).isLessThanOrEqualTo(Duration.ofMillis(1));
        }
    }
}
