package dev.pitstop.internal.run;

import java.time.Duration;

/**
 * The progress a running step stored in its checkpoint, after the copy's own keys:
 * {@code ...;done=120000;est=1000000;rate=48000;eta=18333;throttled=false}. Unknown keys are ignored
 * both ways, so older and newer versions read each other's checkpoints.
 */
record StoredProgress(long rowsDone, long rowsEstimated, double rowsPerSecond, Duration eta, boolean throttled) {

    static String format(long done, long estimate, double rate, Duration eta, boolean throttled) {
        return ";done=" + done + ";est=" + estimate + ";rate=" + Math.round(rate) + ";eta=" + (eta == null ? ""
                : eta.toMillis()) + ";throttled=" + throttled;
    }

    /** Null when the checkpoint holds no progress (not a chunked step, or written by an older version). */
    static StoredProgress parse(String checkpoint) {
        if (checkpoint == null || !checkpoint.startsWith("rows=")) {
            return null;
        }
        long rows = 0;
        Long done = null;
        Long est = null;
        double rate = 0;
        Duration eta = null;
        boolean throttled = false;
        boolean complete = false;
        try {
            for (String part : checkpoint.split(";")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = part.substring(eq + 1);
                switch (part.substring(0, eq)) {
                    case "rows" -> rows = Long.parseLong(value);
                    case "done" -> done = Long.parseLong(value);
                    case "est" -> est = Long.parseLong(value);
                    case "rate" -> rate = Double.parseDouble(value);
                    case "eta" -> eta = value.isEmpty() ? null : Duration.ofMillis(Long.parseLong(value));
                    case "throttled" -> throttled = Boolean.parseBoolean(value);
                    case "complete" -> complete = Boolean.parseBoolean(value);
                    default -> {
                        // the copy's own keys
                    }
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        long d = done == null ? rows : done;
        long total = est == null ? 0 : Math.max(est, d);
        return new StoredProgress(d, complete ? d : total, complete ? 0 : rate, complete ? Duration.ZERO : eta, throttled);
    }
}
