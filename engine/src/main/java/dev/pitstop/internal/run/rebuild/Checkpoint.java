package dev.pitstop.internal.run.rebuild;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a table copy stands, stored in pitstop_steps.checkpoint at most every second and at its end:
 * {@code rows=120000;chunk=4000;complete=false;after=118,7} (key values URL-encoded, in key order).
 *
 * @param after the last copied key (the low watermark), null before the first chunk
 */
record Checkpoint(long rows, int chunk, boolean complete, List<String> after) {
    static final Checkpoint START = new Checkpoint(0, 1000, false, null);

    static Checkpoint parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        long rows = 0;
        int chunk = START.chunk();
        boolean complete = false;
        List<String> after = null;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            switch (key) {
                case "rows" -> rows = Long.parseLong(value);
                case "chunk" -> chunk = Integer.parseInt(value);
                case "complete" -> complete = Boolean.parseBoolean(value);
                case "after" -> after = value.isEmpty() ? null : new ArrayList<>(Arrays.stream(value.split(",", -1))
                        .map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)).toList());
                default -> {
                    // unknown keys from a newer version are ignored
                }
            }
        }
        return new Checkpoint(rows, chunk, complete, after);
    }

    String format() {
        String key = after == null ? "" : String.join(",", after.stream()
                .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)).toList());
        return "rows=" + rows + ";chunk=" + chunk + ";complete=" + complete + ";after=" + key;
    }
}
