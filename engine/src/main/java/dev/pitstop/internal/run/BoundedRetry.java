package dev.pitstop.internal.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The one home of every bounded wait: runs an attempt until it succeeds, retrying failures the caller
 * calls retryable with exponential backoff and full jitter, until a total budget is spent. Nothing in
 * Pitstop waits on a lock outside this class.
 */
public final class BoundedRetry {

    /** One try; may throw anything. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    /** Called after a retryable failure, before the pause (cleanup, reporting). */
    @FunctionalInterface
    public interface BeforeRetry {
        void accept(Exception failure, int attempt) throws Exception;
    }

    /** The budget is spent: how many attempts ran, for how long, and the last failure. */
    public static final class GaveUp extends Exception {
        private final int attempts;
        private final Duration waited;

        GaveUp(int attempts, Duration waited, Exception last) {
            super(last.getMessage(), last);
            this.attempts = attempts;
            this.waited = waited;
        }

        public int attempts() {
            return attempts;
        }

        public Duration waited() {
            return waited;
        }

        public Exception last() {
            return (Exception) getCause();
        }
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration budget;
    private final Duration firstPause;
    private final Duration maxPause;

    public BoundedRetry(Clock clock, Sleeper sleeper, Duration budget, Duration firstPause, Duration maxPause) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = budget;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
    }

    /**
     * Runs the attempt until it returns. A non-retryable failure is rethrown at once; when a retryable
     * failure happens after the budget is spent, {@link GaveUp} carries it.
     */
    public <T> T run(Attempt<T> attempt, Predicate<Exception> retryable, BeforeRetry beforeRetry) throws Exception {
        Instant start = clock.instant();
        Instant deadline = start.plus(budget);
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                beforeRetry.accept(e, n);
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    throw new GaveUp(n, Duration.between(start, now), e);
                }
                Duration pause = pause(n);
                Duration left = Duration.between(now, deadline);
                sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
            }
        }
    }

    /** Full jitter: a random pause between half and all of min(maxPause, firstPause * 2^(n-1)). */
    Duration pause(int attempt) {
        long cap = Math.min(maxPause.toMillis(), firstPause.toMillis() << Math.min(attempt - 1, 20));
        long half = cap / 2;
        return Duration.ofMillis(Math.max(1, half + ThreadLocalRandom.current().nextLong(cap - half + 1)));
    }
}
