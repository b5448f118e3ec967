package dev.pitstop;

/**
 * One thing the compatibility checker found about one statement.
 *
 * @param rule the stable rule id, e.g. {@code narrowing-type-change}; README lists them all
 * @param file the migration file name
 * @param line the statement's first line in the file
 * @param statement the statement, on one line, shortened when long
 * @param why what breaks for the previous application version (REFUSED, ALLOWED, WARNING) or what Pitstop
 *     will do instead of the statement as written (INFO)
 * @param rewrite the safe way to write it; null for INFO
 * @param allowedBecause the reason given with {@code -- pitstop:allow}, for ALLOWED; else null
 */
public record CheckFinding(String rule, Severity severity, String file, int line, String statement, String why,
                           String rewrite, String allowedBecause) {

    /** How a finding counts. Only REFUSED makes {@code check} fail. */
    public enum Severity {
        /** The previous version would break; exit code 1. */
        REFUSED,
        /** Would be refused, but an override with a reason allows it. */
        ALLOWED,
        /** Worth reading, changes no verdict (an override that matches nothing). */
        WARNING,
        /** Accepted: what Pitstop runs instead of the statement as written. */
        INFO
    }

    /** {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }
}
