package dev.pitstop.cli;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;

/**
 * Writes the facade's result records as JSON (records become objects with their component names,
 * collections arrays, enums and instants strings). Enough for {@code --format json}; it never parses.
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            sb.append(value);
        } else if (value instanceof Duration d) {
            sb.append(d.toMillis());
        } else if (value instanceof Instant || value instanceof Enum<?> || value instanceof CharSequence) {
            string(value.toString(), sb);
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            for (Iterator<?> it = c.iterator(); it.hasNext(); ) {
                write(it.next(), sb);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            sb.append(']');
        } else if (value instanceof Record r) {
            sb.append('{');
            RecordComponent[] components = r.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                string(components[i].getName(), sb);
                sb.append(':');
                try {
                    write(components[i].getAccessor().invoke(r), sb);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (i < components.length - 1) {
                    sb.append(',');
                }
            }
            sb.append('}');
        } else {
            string(value.toString(), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
