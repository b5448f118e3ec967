package dev.pitstop.internal.check.model;

import dev.pitstop.internal.check.model.ColumnType.Family;
import java.util.List;
import java.util.Objects;

/**
 * Whether the previous application version's values, reads and comparisons survive a column type change.
 *
 * @param reason what the previous version would see go wrong (for NARROWING, INCOMPATIBLE and ENUM_BREAK),
 *     else a short description of the change
 */
public record TypeChange(Verdict verdict, String reason) {

    /** The classes of type change, from harmless to breaking. */
    public enum Verdict {
        /** The same type, written differently. */
        SAME,
        /** Every old value fits and reads the same: more length, precision or range. */
        WIDENING,
        /** Old values may not fit: shorter, smaller range, fewer digits. */
        NARROWING,
        /** Values change meaning or old queries stop working (text to integer, timestamp to timestamptz). */
        INCOMPATIBLE,
        /** An enum lost, renamed or reordered a value. */
        ENUM_BREAK
    }

    public static TypeChange of(ColumnType from, ColumnType to) {
        if (from.family() == to.family()) {
            return sameFamily(from, to);
        }
        Family f = from.family();
        Family t = to.family();
        if (f == Family.INTEGER && t == Family.DECIMAL) {
            int digits = to.size() == null ? Integer.MAX_VALUE : to.size() - to.scale();
            return digits >= from.integerDigits() ? widening(from, to) : narrowing(to.describe() + " holds "
                    + digits + " integer digits, " + from.describe() + " values have up to " + from.integerDigits());
        }
        if (f == Family.INTEGER && t == Family.FLOAT) {
            return from.size() <= (to.size() == 8 ? 4 : 2) ? widening(from, to)
                    : narrowing(to.describe() + " cannot hold every " + from.describe() + " value exactly (it rounds large numbers)");
        }
        if ((f == Family.DECIMAL || f == Family.FLOAT) && (t == Family.INTEGER || t == Family.DECIMAL || t == Family.FLOAT)) {
            return narrowing(to.describe() + " rounds or cuts the fractions and digits " + from.describe() + " values may have");
        }
        if (f == Family.ENUM && t == Family.STRING) {
            int longest = from.enumValues().stream().mapToInt(String::length).max().orElse(0);
            return to.size() == null || to.size() >= longest ? widening(from, to)
                    : narrowing(to.describe() + " is shorter than the enum's longest value (" + longest + " characters)");
        }
        if (f == Family.STRING && t == Family.ENUM) {
            return narrowing("only the listed values fit " + to.describe() + "; any other string the previous version "
                    + "writes is refused");
        }
        return new TypeChange(Verdict.INCOMPATIBLE, from.describe() + " and " + to.describe() + " hold different kinds of "
                + "values: existing values may not convert, and the previous version's reads, comparisons and writes "
                + "(e.g. WHERE c = <literal of the old type>) may fail or change meaning");
    }

    private static TypeChange sameFamily(ColumnType from, ColumnType to) {
        switch (from.family()) {
            case INTEGER, FLOAT -> {
                if (to.size() < from.size() || to.unsigned() != from.unsigned() && to.size() <= from.size()) {
                    return narrowing(to.describe() + " has a smaller range than " + from.describe()
                            + (to.unsigned() && !from.unsigned() ? " (no negative values)" : ""));
                }
                return to.size().equals(from.size()) && to.unsigned() == from.unsigned() ? same() : widening(from, to);
            }
            case DECIMAL -> {
                if (to.size() == null) {
                    return from.size() == null && from.scale() == to.scale() ? same() : widening(from, to);
                }
                if (from.size() == null) {
                    return narrowing(to.describe() + " limits the digits of values that " + from.describe() + " holds unlimited");
                }
                if (to.scale() < from.scale()) {
                    return narrowing(to.describe() + " keeps " + to.scale() + " decimal places, " + from.describe()
                            + " values have " + from.scale() + ": they would be rounded");
                }
                if (to.size() - to.scale() < from.size() - from.scale()) {
                    return narrowing(to.describe() + " holds " + (to.size() - to.scale()) + " integer digits, "
                            + from.describe() + " values have up to " + (from.size() - from.scale()));
                }
                return to.size().equals(from.size()) && to.scale() == from.scale() ? same() : widening(from, to);
            }
            case STRING, BINARY -> {
                if (from.base().equals("varchar") && to.base().equals("char")) {
                    return new TypeChange(Verdict.INCOMPATIBLE, to.describe() + " pads values with spaces, so the previous "
                            + "version reads and compares different strings than it wrote");
                }
                if (to.size() != null && (from.size() == null || to.size() < from.size())) {
                    return narrowing(to.describe() + " is shorter than " + from.describe()
                            + ": longer values the previous version writes (or that exist) no longer fit");
                }
                return Objects.equals(to.size(), from.size()) && to.base().equals(from.base()) ? same() : widening(from, to);
            }
            case TEMPORAL -> {
                return temporal(from, to);
            }
            case ENUM -> {
                return enums(from.enumValues(), to.enumValues());
            }
            case OTHER -> {
                return from.base().equals(to.base()) ? same() : new TypeChange(Verdict.INCOMPATIBLE, "Pitstop cannot "
                        + "prove that " + from.base() + " values convert to " + to.base() + " and read the same");
            }
            default -> {
                return from.base().equals(to.base()) || from.family() == Family.JSON ? same() : widening(from, to);
            }
        }
    }

    private static TypeChange temporal(ColumnType from, ColumnType to) {
        String f = from.base();
        String t = to.base();
        if (f.equals(t)) {
            return same();
        }
        if (f.equals("date") && List.of("timestamp", "timestamptz", "datetime").contains(t)
                || f.equals("timestamp") && t.equals("datetime")) {
            return widening(from, to);
        }
        if (f.equals("datetime") && t.equals("timestamp")) {
            return narrowing("MySQL's timestamp holds 1970-2038 only; datetime values outside that no longer fit");
        }
        if (t.equals("date")) {
            return narrowing("date drops the time of day the previous version writes");
        }
        return new TypeChange(Verdict.INCOMPATIBLE, from.describe() + " to " + to.describe() + " reinterprets every value "
                + "(time zones or units), so the previous version reads other instants than it wrote");
    }

    /** Values may be added; removing, renaming or reordering one breaks the previous version. */
    public static TypeChange enums(List<String> from, List<String> to) {
        for (String v : from) {
            if (!to.contains(v)) {
                return new TypeChange(Verdict.ENUM_BREAK, "value '" + v + "' is gone (removed or renamed): the previous "
                        + "version's writes of it fail and existing rows holding it no longer convert");
            }
        }
        if (!to.stream().filter(from::contains).toList().equals(from)) {
            return new TypeChange(Verdict.ENUM_BREAK, "the values are reordered (" + String.join(", ", from) + " became "
                    + String.join(", ", to) + "): ORDER BY and comparisons on the column change meaning for the previous "
                    + "version");
        }
        return from.size() == to.size() ? same() : new TypeChange(Verdict.WIDENING, "values added, the existing ones kept in order");
    }

    private static TypeChange same() {
        return new TypeChange(Verdict.SAME, "same type");
    }

    private static TypeChange widening(ColumnType from, ColumnType to) {
        return new TypeChange(Verdict.WIDENING, from.describe() + " to " + to.describe());
    }

    private static TypeChange narrowing(String reason) {
        return new TypeChange(Verdict.NARROWING, reason);
    }
}
