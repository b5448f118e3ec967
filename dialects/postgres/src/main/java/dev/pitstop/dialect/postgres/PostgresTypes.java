package dev.pitstop.dialect.postgres;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which type changes PostgreSQL makes without rewriting or scanning the table (ALTER TABLE's
 * "binary coercible" cases, documented under ALTER TABLE ... SET DATA TYPE): a longer or unlimited
 * varchar, varchar to text and back to an unlimited varchar, more numeric precision at the same scale,
 * and no change at all. Anything else is assumed to rewrite.
 */
final class PostgresTypes {
    private static final Pattern TYPE = Pattern.compile("([a-z][a-z0-9_ ]*?)\\s*(?:\\((\\d+)\\s*(?:,\\s*(\\d+))?\\))?(\\[\\])?");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"), Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("int2", "smallint"), Map.entry("decimal", "numeric"),
            Map.entry("bool", "boolean"), Map.entry("char", "character"), Map.entry("bpchar", "character"),
            Map.entry("float8", "double precision"), Map.entry("float4", "real"),
            Map.entry("timestamptz", "timestamp with time zone"), Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time", "time without time zone"));

    private PostgresTypes() {
    }

    /** A type read as base name plus optional length/precision and scale. */
    record Type(String base, Integer length, Integer scale, boolean array) {
        static Type parse(String written) {
            String t = written.strip().toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ");
            Matcher m = TYPE.matcher(t);
            if (!m.matches()) {
                return new Type(t, null, null, false);
            }
            String base = m.group(1).strip();
            return new Type(ALIASES.getOrDefault(base, base), m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                    m.group(3) == null ? null : Integer.valueOf(m.group(3)), m.group(4) != null);
        }
    }

    static boolean changeIsMetadataOnly(String current, String target) {
        Type from = Type.parse(current);
        Type to = Type.parse(target);
        if (from.equals(to)) {
            return true;
        }
        if (from.array() || to.array()) {
            return false;
        }
        boolean fromVarchar = from.base().equals("character varying");
        if (fromVarchar && to.base().equals("character varying")) {
            return to.length() == null || from.length() != null && to.length() >= from.length();
        }
        if (fromVarchar && to.base().equals("text")) {
            return true;
        }
        if (from.base().equals("text") && to.base().equals("character varying")) {
            return to.length() == null;
        }
        if (from.base().equals("numeric") && to.base().equals("numeric")) {
            if (to.length() == null) {
                return true;
            }
            int fromScale = from.scale() == null ? 0 : from.scale();
            int toScale = to.scale() == null ? 0 : to.scale();
            return from.length() != null && to.length() >= from.length() && toScale == fromScale;
        }
        return false;
    }
}
