package dev.pitstop;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads the durations users write in flags, properties and Maven parameters: {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT30S}). One parser for every
 * front end, so a setting means the same thing everywhere.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * @param setting the setting's name, for the message
     * @param text what the user wrote; null or blank gives the fallback
     * @throws PitstopException with {@link ErrorCode#INVALID_CONFIG} when the text is not a duration
     */
    public static Duration parse(String setting, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.replaceAll("[smh]$", ""));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new PitstopException(ErrorCode.INVALID_CONFIG, setting + ": '" + text
                    + "' is not a duration; write e.g. 500ms, 30s, 5m or PT30S");
        }
    }
}
