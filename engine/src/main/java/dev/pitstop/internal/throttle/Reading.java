package dev.pitstop.internal.throttle;

/**
 * One signal as read before a chunk, with its thresholds.
 *
 * @param signal its name in messages, e.g. "replica lag"
 * @param setting the configuration key of its thresholds, e.g. "maxLag/criticalLag"
 * @param unit appended to numbers in messages, e.g. " s"
 * @param value what was read; null when it could not be read
 * @param max above this the copy pauses; null: never
 * @param critical above this the migration stops; null: never
 * @param error why it could not be read, when {@code value} is null
 */
public record Reading(String signal, String setting, String unit, Double value, Double max, Double critical,
                      String error) {

    public static Reading of(String signal, String setting, String unit, double value, Double max, Double critical) {
        return new Reading(signal, setting, unit, value, max, critical, null);
    }

    public static Reading unreadable(String signal, String setting, String error) {
        return new Reading(signal, setting, "", null, null, null, error);
    }

    String number(Double v) {
        return (v == v.longValue() ? String.valueOf(v.longValue()) : String.format(java.util.Locale.ROOT, "%.2f", v)) + unit;
    }
}
