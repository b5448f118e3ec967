package dev.pitstop.internal.check.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type read from its written form in either dialect ({@code varchar(50)}, {@code character varying},
 * {@code int unsigned}, {@code numeric(12,2)}, {@code ENUM('a','b')}, a PostgreSQL enum type's name), reduced to
 * what decides whether the previous application version's values still fit: a family, a size and a scale.
 * {@link TypeChange} compares two of them.
 *
 * @param base the canonical type name, e.g. {@code varchar}, {@code bigint}, {@code numeric}
 * @param size bytes of an integer or float, length of a string or binary, precision of a numeric; null when
 *     unlimited
 * @param scale the scale of a numeric, else 0
 * @param enumValues the values of an enum (MySQL's inline list or a PostgreSQL enum type), else empty
 */
public record ColumnType(Family family, String base, Integer size, int scale, boolean unsigned, List<String> enumValues) {

    /** Kinds of values that convert into each other without changing what the application reads. */
    public enum Family { INTEGER, DECIMAL, FLOAT, STRING, BINARY, BOOLEAN, TEMPORAL, JSON, UUID, ENUM, OTHER }

    private static final Pattern SHAPE = Pattern.compile("(?s)([a-z_][a-z0-9_ ]*)\\s*(?:\\((.*)\\))?\\s*([a-z ]*)");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int2", "smallint"), Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
            Map.entry("int", "int"), Map.entry("integer", "int"), Map.entry("int4", "int"), Map.entry("serial", "int"),
            Map.entry("serial4", "int"), Map.entry("int8", "bigint"), Map.entry("bigserial", "bigint"),
            Map.entry("serial8", "bigint"), Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"),
            Map.entry("fixed", "numeric"), Map.entry("float4", "real"), Map.entry("float8", "double"),
            Map.entry("double precision", "double"), Map.entry("character varying", "varchar"),
            Map.entry("nvarchar", "varchar"), Map.entry("character", "char"), Map.entry("bpchar", "char"),
            Map.entry("nchar", "char"), Map.entry("bool", "boolean"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("time with time zone", "timetz"),
            Map.entry("time without time zone", "time"), Map.entry("citext", "text"));

    private static final Map<String, Integer> INTEGER_BYTES = Map.of("tinyint", 1, "smallint", 2, "mediumint", 3,
            "int", 4, "bigint", 8);
    private static final Map<String, Integer> TEXT_LENGTHS = Map.of("tinytext", 255, "mediumtext", 16_777_215);
    private static final Map<String, Integer> BLOB_LENGTHS = Map.of("tinyblob", 255, "blob", 65_535,
            "mediumblob", 16_777_215);

    /**
     * Reads a written type.
     *
     * @param mysql whether {@code text} is MySQL's 64 KiB type rather than PostgreSQL's unlimited one
     * @param enumTypes the values of a named (PostgreSQL) enum type, or null for other names
     */
    public static ColumnType parse(String written, boolean mysql, Function<String, List<String>> enumTypes) {
        String lower = written.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (lower.endsWith("[]") || lower.startsWith("set(") || lower.startsWith("set (")) {
            return other(lower);
        }
        Matcher m = SHAPE.matcher(lower);
        if (!m.matches()) {
            return other(lower);
        }
        String name = m.group(1).strip();
        String args = m.group(2);
        String trailing = m.group(3) == null ? "" : m.group(3).strip();
        // "timestamp(3) with time zone", "int(11) unsigned zerofill"
        if (!trailing.isEmpty() && !trailing.matches("(unsigned|signed|zerofill| )+")) {
            name = name + " " + trailing;
        }
        boolean unsigned = lower.matches(".*\\bunsigned\\b.*");
        name = name.replaceAll("\\s*\\b(unsigned|signed|zerofill)\\b", "").strip();
        name = ALIASES.getOrDefault(name, name);
        List<Integer> numbers = numbers(args);
        Integer first = numbers.isEmpty() ? null : numbers.get(0);
        if (INTEGER_BYTES.containsKey(name)) {
            return new ColumnType(Family.INTEGER, name, INTEGER_BYTES.get(name), 0, unsigned, List.of());
        }
        switch (name) {
            case "numeric":
                // MySQL's DECIMAL without precision is DECIMAL(10,0); PostgreSQL's numeric is unlimited
                Integer precision = first == null && mysql ? Integer.valueOf(10) : first;
                return new ColumnType(Family.DECIMAL, name, precision, numbers.size() > 1 ? numbers.get(1) : 0, unsigned, List.of());
            case "real", "float":
                return new ColumnType(Family.FLOAT, name, name.equals("float") && !mysql ? 8 : 4, 0, unsigned, List.of());
            case "double":
                return new ColumnType(Family.FLOAT, name, 8, 0, unsigned, List.of());
            case "varchar", "char":
                return new ColumnType(Family.STRING, name, first == null && name.equals("char") ? Integer.valueOf(1) : first,
                        0, false, List.of());
            case "text":
                return new ColumnType(Family.STRING, name, mysql ? Integer.valueOf(65_535) : null, 0, false, List.of());
            case "tinytext", "mediumtext", "longtext":
                return new ColumnType(Family.STRING, name, TEXT_LENGTHS.get(name), 0, false, List.of());
            case "bytea", "longblob":
                return new ColumnType(Family.BINARY, name, null, 0, false, List.of());
            case "tinyblob", "blob", "mediumblob":
                return new ColumnType(Family.BINARY, name, BLOB_LENGTHS.get(name), 0, false, List.of());
            case "binary", "varbinary":
                return new ColumnType(Family.BINARY, name, first, 0, false, List.of());
            case "boolean":
                return new ColumnType(Family.BOOLEAN, name, null, 0, false, List.of());
            case "date", "time", "timetz", "timestamp", "timestamptz", "datetime", "year":
                return new ColumnType(Family.TEMPORAL, name, null, 0, false, List.of());
            case "json", "jsonb":
                return new ColumnType(Family.JSON, name, null, 0, false, List.of());
            case "uuid":
                return new ColumnType(Family.UUID, name, null, 0, false, List.of());
            case "enum":
                return new ColumnType(Family.ENUM, name, null, 0, false, quoted(args));
            default:
                List<String> values = enumTypes == null ? null : enumTypes.apply(Names.of(name));
                return values == null ? other(lower) : new ColumnType(Family.ENUM, Names.of(name), null, 0, false, values);
        }
    }

    private static ColumnType other(String lower) {
        return new ColumnType(Family.OTHER, lower, null, 0, false, List.of());
    }

    private static List<Integer> numbers(String args) {
        List<Integer> out = new ArrayList<>();
        if (args != null) {
            for (String part : args.split(",")) {
                if (part.strip().matches("\\d+")) {
                    out.add(Integer.parseInt(part.strip()));
                }
            }
        }
        return out;
    }

    private static List<String> quoted(String args) {
        List<String> out = new ArrayList<>();
        if (args != null) {
            Matcher m = QUOTED.matcher(args);
            while (m.find()) {
                out.add(m.group(1).replace("''", "'"));
            }
        }
        return out;
    }

    /**
     * Why the server refuses to store the literal in a column of this type (strict mode on MySQL), or empty when
     * it fits or this model cannot tell: a string longer than a varchar or char, an integer outside the type's
     * range, a number with more integer digits than a numeric's precision leaves, a string that is not a value of
     * an enum.
     *
     * @param value the literal as the server reads it
     * @param string true for a string literal, false for a number
     */
    public Optional<String> rejects(String value, boolean string) {
        switch (family) {
            case STRING -> {
                int length = value.codePointCount(0, value.length());
                if (string && size != null && (base.equals("varchar") || base.equals("char")) && length > size) {
                    return Optional.of(length + " characters, more than " + size);
                }
            }
            case ENUM -> {
                if (string && !enumValues.isEmpty() && !enumValues.contains(value)) {
                    return Optional.of("not one of its values");
                }
            }
            case INTEGER -> {
                BigDecimal number = number(value);
                if (number != null && size != null) {
                    BigInteger whole = number.setScale(0, RoundingMode.HALF_UP).toBigInteger();
                    int bits = size * 8;
                    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.TWO.pow(bits - 1).negate();
                    BigInteger max = unsigned ? BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)
                            : BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
                    if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
                        return Optional.of("out of its range " + min + " to " + max);
                    }
                }
            }
            case DECIMAL -> {
                BigDecimal number = number(value);
                if (number != null && size != null) {
                    BigDecimal rounded = number.setScale(scale, RoundingMode.HALF_UP);
                    int integerDigits = rounded.precision() - rounded.scale();
                    if (rounded.signum() != 0 && integerDigits > size - scale) {
                        return Optional.of(integerDigits + " digits before the point, more than " + (size - scale));
                    }
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** How many decimal digits an integer type's values may have (19 for bigint, 20 unsigned). */
    public int integerDigits() {
        return switch (size) {
            case 1 -> 3;
            case 2 -> 5;
            case 3 -> unsigned ? 8 : 7;
            case 4 -> 10;
            default -> unsigned ? 20 : 19;
        };
    }

    /** A short readable form for messages, e.g. {@code varchar(50)}, {@code int unsigned}. */
    public String describe() {
        if (family == Family.ENUM) {
            return base.equals("enum") ? "ENUM(" + String.join(", ", enumValues.stream().map(v -> "'" + v + "'").toList())
                    + ")" : base + " (" + String.join(", ", enumValues.stream().map(v -> "'" + v + "'").toList()) + ")";
        }
        String args = family == Family.DECIMAL && size != null ? "(" + size + "," + scale + ")"
                : (family == Family.STRING || family == Family.BINARY) && size != null && !base.contains("text")
                && !base.contains("blob") ? "(" + size + ")" : "";
        return base + args + (unsigned ? " unsigned" : "");
    }
}
