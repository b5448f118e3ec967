package dev.pitstop.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of one demo run and how they are printed.
 *
 * @param rowsCopied rows the online rebuild copied into the shadow table
 * @param copyTime the rebuild's backfill: copy, verification and cut-over
 * @param rowsBackfilled rows the rename's backfill copied from the old column into the new one
 * @param before the old version alone, before the migration
 * @param during both versions from the start of {@code migrate} to the end of {@code contract}
 * @param stallAt when the slowest transaction of {@code during} began, and in which stage
 * @param phases wall-clock time of each stage, in order
 */
public record DemoReport(long rowsCopied, Duration copyTime, long rowsBackfilled, Duration backfillTime,
                         Workload.Counts oldApp, Workload.Counts newApp, LatencySummary before, LatencySummary during,
                         String stallAt, Map<String, Duration> phases) {

    public DemoReport {
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public long errors() {
        return oldApp.errors() + newApp.errors();
    }

    public String firstError() {
        return oldApp.firstError() != null ? oldApp.firstError() : newApp.firstError();
    }

    public void print(PrintWriter out) {
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  rows copied          %,d by the online rebuild in %s (%,d rows/s, verify and cut-over included)%n",
                rowsCopied, seconds(copyTime), perSecond(rowsCopied, copyTime));
        out.printf(Locale.ROOT, "  rows backfilled      %,d from note into customer_note in %s (%,d rows/s)%n", rowsBackfilled,
                seconds(backfillTime), perSecond(rowsBackfilled, backfillTime));
        out.printf(Locale.ROOT, "  transactions         %,d by the old version, %,d by the new one%n", oldApp.transactions(),
                newApp.transactions());
        out.printf(Locale.ROOT, "  errors               %d%n", errors());
        out.printf(Locale.ROOT, "  latency before       p50 %s  p99 %s  max %s  (%,d tx, %.0f tx/s)%n", millis(before.p50Millis()),
                millis(before.p99Millis()), millis(before.maxMillis()), before.transactions(), before.perSecond());
        out.printf(Locale.ROOT, "  latency during       p50 %s  p99 %s  max %s  (%,d tx, %.0f tx/s)%n", millis(during.p50Millis()),
                millis(during.p99Millis()), millis(during.maxMillis()), during.transactions(), during.perSecond());
        out.printf(Locale.ROOT, "  longest stall        %s (the slowest transaction; it began %s)%n",
                millis(during.maxMillis()), stallAt);
        out.println("  time per phase");
        phases.forEach((name, took) -> out.printf(Locale.ROOT, "    %-52s %7s%n", name, seconds(took)));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
    }

    private static long perSecond(long rows, Duration d) {
        return d.isZero() ? 0 : Math.round(rows / (d.toNanos() / 1e9));
    }
}
