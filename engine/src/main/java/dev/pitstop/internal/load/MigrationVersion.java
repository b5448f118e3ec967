package dev.pitstop.internal.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration version such as {@code 1.10} or {@code 2_1}: parts compared numerically one by one, so
 * 1.10 comes after 1.9, and trailing zero parts do not count (1.0 equals 1), as in Flyway.
 */
public record MigrationVersion(List<BigInteger> parts, String text) implements Comparable<MigrationVersion> {

    public MigrationVersion {
        parts = List.copyOf(parts);
    }

    /** Parses "1", "1.2", "1_2" (underscores read as dots). Throws IllegalArgumentException on anything else. */
    public static MigrationVersion parse(String text) {
        if (text == null || !text.matches("\\d+([._]\\d+)*")) {
            throw new IllegalArgumentException("'" + text + "' is not a version: use digits separated by dots, e.g. 7 or 1.10");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String p : text.split("[._]")) {
            parts.add(new BigInteger(p));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new MigrationVersion(parts, text.replace('_', '.'));
    }

    @Override
    public int compareTo(MigrationVersion o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.parts.size() ? o.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
