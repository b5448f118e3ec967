package dev.pitstop.dialect.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which member of the MySQL family we talk to, and what it can do. The differences live here as
 * capability flags instead of {@code if (mariadb)} through the code.
 *
 * @param mariaDb true for MariaDB
 * @param major major version (MariaDB's real one, not the 5.5.5 compatibility prefix)
 * @param minor minor version
 */
public record Flavour(boolean mariaDb, int major, int minor) {
    private static final Pattern VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)");

    /** Reads "8.4.3", "10.11.19-MariaDB-0+deb12u1" or "5.5.5-10.11.19-MariaDB". */
    public static Flavour of(String productVersion) {
        Matcher m = VERSION.matcher(productVersion);
        int major = 0;
        int minor = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
        }
        return new Flavour(productVersion.toLowerCase().contains("mariadb"), major, minor);
    }

    /** ADD COLUMN as ALGORITHM=INSTANT: MySQL 8.0.12+ (appended columns), MariaDB 10.3+ (10.4+ anywhere). */
    public boolean instantAddColumn() {
        return mariaDb ? atLeast(10, 3) : atLeast(8, 0);
    }

    private boolean atLeast(int maj, int min) {
        return major > maj || major == maj && minor >= min;
    }

    public String describe() {
        return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor;
    }
}
