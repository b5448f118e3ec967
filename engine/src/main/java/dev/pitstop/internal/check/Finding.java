package dev.pitstop.internal.check;

import dev.pitstop.CheckFinding.Severity;

/**
 * What a {@link Rule} says about one statement; the {@link Checker} adds where it is.
 *
 * @param rewrite null for INFO
 */
public record Finding(String rule, Severity severity, String why, String rewrite) {

    public static Finding refuse(String rule, String why, String rewrite) {
        return new Finding(rule, Severity.REFUSED, why, rewrite);
    }

    /**
     * A data check the server could not answer: refused (the check fails closed), with the server's reason, what
     * stays unknown, and the ways out.
     *
     * @param unknown what Pitstop cannot tell, e.g. "whether users.email holds NULLs"
     */
    public static Finding unreadable(String rule, LiveData.Unreadable e, String unknown) {
        return refuse(rule, e.getMessage() + ", so Pitstop cannot tell " + unknown, "Give the migration user SELECT on "
                + "the table (or wait for the server), and check again; or check by hand and allow it: -- pitstop:allow "
                + rule + " <reason>");
    }

    public static Finding info(String rule, String what) {
        return new Finding(rule, Severity.INFO, what, null);
    }
}
