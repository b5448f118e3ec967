package dev.pitstop.internal.run.rebuild;

import java.time.Duration;

/**
 * When the copy refreshes the shadow's statistics: once the shadow has doubled since the last refresh, as long as
 * the refreshes (the next one counted as long as the last) stay within a twentieth of the copy's time.
 *
 * <p>A PostgreSQL ANALYZE samples up to 30,000 rows whatever the table's size (0.15-0.25 s for rows of 250 bytes
 * here), so by doubling alone four of the seven refreshes of a 1,000,000-row copy fell in its first tenth and took
 * a third of its time: that tenth ran at three quarters of the speed of the rest, and the ETA shown there
 * overestimated by about that much. The planner scales the last statistics by the table's current size, so fewer
 * refreshes keep the tombstone lookups on the index. Pure arithmetic: the copy measures, this decides.
 */
final class AnalyzeSchedule {
    /** The refreshes' share of the copy's time is at most one in this many. */
    static final int SHARE = 20;

    private long analyzedAt;
    private Duration spent = Duration.ZERO;
    private Duration last = Duration.ZERO;

    /** @param rows rows in the shadow when the copy (re)starts: the first refresh waits for twice as many */
    AnalyzeSchedule(long rows) {
        this.analyzedAt = Math.max(5_000, rows);
    }

    /** Whether to refresh now, with {@code rows} in the shadow after {@code copying} of copy. */
    boolean due(long rows, Duration copying) {
        return rows >= analyzedAt * 2 && spent.plus(last).multipliedBy(SHARE).compareTo(copying) <= 0;
    }

    /** A refresh with {@code rows} in the shadow took {@code took}. */
    void ran(long rows, Duration took) {
        analyzedAt = rows;
        last = took;
        spent = spent.plus(took);
    }
}
