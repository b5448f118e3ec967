package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitstop migrate} under a pseudo-terminal ({@code script}), as a user at a shell sees it: the
 * progress bar is drawn (auto-detected, not forced), and the ETA it shows once 10 % are copied is within
 * 30 % of the time the copy really still takes. The suite copies 200,000 rows, over in one to four seconds here,
 * so it checks the bar and the ETA's order of magnitude only; the benchmark of the README runs it on 1,000,000
 * ({@code -Dpitstop.eta.rows=1000000}).
 */
@WithDatabases(DatabaseKind.POSTGRES)
class ProgressBarIT {
    private static final int ROWS = Integer.getInteger("pitstop.eta.rows", 200_000);
    private static final Pattern BAR = Pattern.compile("V1 step 1/1 orders copy \\[[#-]+\\] ([\\d,]+)/([\\d,]+) +([\\d.]+)% "
            + "([\\d,]+) rows/s ETA (?:(\\d+):(\\d\\d):(\\d\\d(?:\\.\\d)?)|-:--:--) (running|throttled.*)");

    /** One redraw of the bar: rows done, estimate, ETA shown, and when it reached the terminal. */
    private record Bar(long done, long estimate, double percent, long etaMillis, long atNanos) {
    }

    @Test
    void theEtaOnTheTerminalAfterTenPercentIsWithinThirtyPercentOfTheRealRemainingTime(TestDatabases dbs,
                                                                                      @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "script"))),
                "needs util-linux script(1) on the PATH for a pseudo-terminal");
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        // rows of about 250 bytes, as an orders table in service has, not a few bytes: with tiny rows the copy is
        // over before the chunk size has grown to its target, and its first 10 % say little about the rest
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, total_cents BIGINT NOT NULL, "
                        + "customer VARCHAR(64) NOT NULL, address TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)",
                "INSERT INTO orders SELECT g, g % 1000, 'note ' || g, g * 7, 'customer-' || (g % 50000), "
                        + "repeat(md5(g::text), 5), now() - g * interval '1 minute' FROM generate_series(1, " + ROWS + ") g",
                // a table in service is vacuumed: a freshly loaded one would have the copy set every row's hint
                // bits, and autovacuum start on it, during the copy's first seconds
                "VACUUM (FREEZE, ANALYZE) orders",
                // nor has its load just been written: without this the server writes the load's pages out while
                // the copy runs (a checkpoint), and the copy's speed swings by half from one second to the next
                "CHECKPOINT");
        Files.writeString(dir.resolve("V1__widen_qty.sql"), "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -jar '" + PitstopProcess.jar().toAbsolutePath() + "' migrate";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PITSTOP_"));
        pb.environment().putAll(Map.of("PITSTOP_URL", db.jdbcUrl(), "PITSTOP_USER", db.user(),
                "PITSTOP_LOCATIONS", dir.toString()));
        pb.environment().put("TERM", "dumb");

        Process p = pb.start();
        List<Bar> bars = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> read(p.getInputStream(), bars, all));
        reader.start();
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        reader.join(10_000);
        String output = all.toString(StandardCharsets.UTF_8);
        assertThat(finished).as("migrate finished within 300 s\n" + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(bars).as("bars drawn on the terminal\n" + output).hasSizeGreaterThan(3);

        long finalRows = bars.stream().mapToLong(Bar::done).max().orElseThrow();
        assertThat(finalRows).isEqualTo(ROWS);
        long end = bars.stream().filter(b -> b.done() == finalRows).mapToLong(Bar::atNanos).min().orElseThrow();
        long start = bars.get(0).atNanos();
        // the first bar from 10 % on that shows an ETA (the copy's first chunks, while the chunk size grows, show none)
        Bar atTenPercent = bars.stream().filter(b -> b.done() * 10 >= ROWS && b.done() < finalRows && b.etaMillis() >= 0)
                .findFirst().orElseThrow(() -> new AssertionError("no bar with an ETA between 10 % and the end\n" + output));
        double worst = 0;
        StringBuilder report = new StringBuilder();
        for (Bar b : bars) {
            long real = (end - b.atNanos()) / 1_000_000;
            if (b.done() * 10 >= ROWS && real >= 1_000 && b.etaMillis() >= 0) {
                worst = Math.max(worst, Math.abs(b.etaMillis() - real) / (double) real);
            }
        }
        long realAtTen = (end - atTenPercent.atNanos()) / 1_000_000;
        double errorAtTen = Math.abs(atTenPercent.etaMillis() - realAtTen) / (double) realAtTen;
        report.append(String.format(Locale.ROOT, "ETA accuracy on %,d rows: copy took %.1f s; at %.1f%% the bar showed ETA "
                + "%.1f s, the copy took %.1f s more (error %.0f%%); worst error from 10%% on while >= 1 s remained: %.0f%%",
                ROWS, (end - start) / 1e9, atTenPercent.percent(), atTenPercent.etaMillis() / 1000.0, realAtTen / 1000.0,
                errorAtTen * 100, worst * 100));
        System.out.println(report);
        StringBuilder trace = new StringBuilder(report).append("\nseconds in, rows done, ETA shown (s), real remaining (s)\n");
        for (Bar b : bars) {
            trace.append(String.format(Locale.ROOT, "%.2f %d %.1f %.2f%n", (b.atNanos() - start) / 1e9, b.done(),
                    b.etaMillis() / 1000.0, (end - b.atNanos()) / 1e9));
        }
        Files.writeString(Path.of("target", "eta-accuracy-" + ROWS + ".txt"), trace);

        // the bar shows tenths under a minute. The bar to meet is 30 %; the suite's copy of 200,000 rows lasts a
        // second or two, too short for that to be more than noise, so there the ETA only has to be the right order
        // of magnitude (the benchmark of the README asks for the 30 % on 1,000,000 rows)
        double allowed = ROWS >= 1_000_000 ? 0.30 : 1.0;
        assertThat((double) Math.abs(atTenPercent.etaMillis() - realAtTen)).as(report.toString())
                .isLessThanOrEqualTo(allowed * realAtTen + 100);
        assertThat(db.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' "
                + "AND column_name = 'qty'", String.class)).isEqualTo("bigint");
    }

    /** Splits the terminal's output at carriage returns and newlines, stamping each bar as it arrives. */
    private static void read(InputStream in, List<Bar> bars, ByteArrayOutputStream all) {
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        long segmentStart = 0;
        try (in) {
            int c;
            while ((c = in.read()) != -1) {
                all.write(c);
                if (segment.size() == 0) {
                    // a bar is one write that starts with \r: it is drawn when its first byte arrives
                    segmentStart = System.nanoTime();
                }
                if (c == '\r' || c == '\n') {
                    Matcher m = BAR.matcher(segment.toString(StandardCharsets.UTF_8));
                    if (m.find()) {
                        long eta = m.group(5) == null ? -1 : Math.round((Long.parseLong(m.group(5)) * 3600
                                + Long.parseLong(m.group(6)) * 60 + Double.parseDouble(m.group(7))) * 1000);
                        bars.add(new Bar(number(m.group(1)), number(m.group(2)), Double.parseDouble(m.group(3)), eta,
                                segmentStart));
                    }
                    segment.reset();
                } else {
                    segment.write(c);
                }
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
