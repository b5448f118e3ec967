package dev.pitstop.cli.demo;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import java.time.Duration;

/**
 * What {@code pitstop demo} runs with.
 *
 * @param rows rows of the sample table before the migration
 * @param oldRate transactions per second of the old application version (4 threads)
 * @param newRate transactions per second of the new application version (2 threads)
 * @param window how long the baseline before the migration and the overlap of both versions last
 */
public record DemoOptions(long rows, int oldRate, int newRate, Duration window) {

    public static final long DEFAULT_ROWS = 1_000_000;
    public static final int DEFAULT_OLD_RATE = 150;
    public static final int DEFAULT_NEW_RATE = 50;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    public DemoOptions {
        if (rows < 1_000 || rows > 100_000_000) {
            throw invalid("--rows must be between 1000 and 100000000, got " + rows);
        }
        if (oldRate < 1 || oldRate > 5_000) {
            throw invalid("--rate must be between 1 and 5000 transactions per second, got " + oldRate);
        }
        if (newRate < 1 || newRate > 5_000) {
            throw invalid("the new version's rate must be between 1 and 5000 transactions per second, got " + newRate);
        }
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(10)) > 0) {
            throw invalid("--window must be a positive duration of at most 10m, got " + window);
        }
    }

    private static PitstopException invalid(String message) {
        return new PitstopException(ErrorCode.INVALID_CONFIG, message);
    }
}
