package dev.pitstop.internal.check.model;

import dev.pitstop.spi.Identifiers;
import java.util.Locale;

/**
 * How the offline model keys tables, columns, keys and enum types: the unqualified name without quotes, in
 * lower case. A schema qualifier is ignored, as the engine's idempotency checks ignore it; two names that
 * differ only in case are one name here (the conservative choice for MySQL on case-sensitive file systems).
 */
public final class Names {
    private Names() {
    }

    public static String of(String written) {
        if (written == null) {
            return null;
        }
        String name = Identifiers.unqualified(written.strip());
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`"))) {
            name = name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
