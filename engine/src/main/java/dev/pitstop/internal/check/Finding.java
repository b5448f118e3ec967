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

    public static Finding info(String rule, String what) {
        return new Finding(rule, Severity.INFO, what, null);
    }
}
