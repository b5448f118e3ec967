package dev.pitstop.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement with its positional ({@code ?}) arguments. Dialects produce these as pure values;
 * the engine executes them. {@code toString()} is the text, so plans print what really runs.
 */
public record Sql(String text, List<Object> args) {
    public Sql {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty SQL");
        }
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** Arguments may be null (SQL NULL). */
    public static Sql of(String text, Object... args) {
        return new Sql(text, Arrays.asList(args));
    }

    @Override
    public String toString() {
        return text;
    }
}
