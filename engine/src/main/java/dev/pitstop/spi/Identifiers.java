package dev.pitstop.spi;

/**
 * Splits a possibly qualified name as written in SQL ({@code schema.table}, {@code "my.schema"."t"},
 * {@code `db`.`t`}) at its last dot outside quotes.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /** The last part, e.g. {@code "t"} of {@code "my.schema"."t"}; the whole name when unqualified. */
    public static String unqualified(String written) {
        int dot = lastDot(written);
        return (dot < 0 ? written : written.substring(dot + 1)).strip();
    }

    /** Everything before the last part, dot included, e.g. {@code "my.schema".}; empty when unqualified. */
    public static String qualifier(String written) {
        int dot = lastDot(written);
        return dot < 0 ? "" : written.substring(0, dot + 1);
    }

    private static int lastDot(String s) {
        char quote = 0;
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '.') {
                dot = i;
            }
        }
        return dot;
    }
}
