package dev.pitstop.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs another tool of the field (pg_repack, pt-online-schema-change) and times its copy stage from its
 * own output: from the first line matching {@code copyStarts} to the first line after it matching
 * {@code copyEnds}, as the lines arrive (both tools flush every line). Its output is passed on, prefixed
 * with its name, filtered by {@code shown}.
 */
final class ExternalTool {
    private ExternalTool() {
    }

    /** Exit status and the copy's duration in seconds (NaN when the output did not show both ends). */
    record Run(int exit, double copySeconds) {
        /** The copy stage's rate over {@code rows}; a tool that failed throws, so its column says so. */
        Comparison.Copy copy(int rows) {
            if (exit != 0) {
                throw new IllegalStateException("exit status " + exit);
            }
            return new Comparison.Copy(copySeconds > 0 ? rows / copySeconds : Double.NaN, "(not shown)");
        }
    }

    static Run run(String name, List<String> command, Pattern copyStarts, Pattern copyEnds, Predicate<String> shown)
            throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        long started = 0;
        long ended = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                long now = System.nanoTime();
                if (started == 0 && copyStarts.matcher(line).find()) {
                    started = now;
                } else if (started != 0 && ended == 0 && copyEnds.matcher(line).find()) {
                    ended = now;
                }
                if (shown.test(line)) {
                    System.out.println(name + "| " + line);
                }
            }
        }
        int exit = p.waitFor();
        return new Run(exit, started == 0 || ended == 0 ? Double.NaN : (ended - started) / 1e9);
    }
}
