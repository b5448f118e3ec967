package dev.pitstop;

import java.util.List;

/**
 * What {@code check} found in every migration, in file order.
 *
 * @param dialect postgres or mysql
 * @param migrations how many migration files were replayed
 * @param statements how many statements they hold
 */
public record CheckResult(String dialect, int migrations, int statements, List<CheckFinding> findings) {

    public CheckResult {
        findings = List.copyOf(findings);
    }

    /** True when any finding is REFUSED: front ends exit with {@link ErrorCode#CHECK_REFUSED}'s code. */
    public boolean refused() {
        return count(CheckFinding.Severity.REFUSED) > 0;
    }

    public long count(CheckFinding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Every finding as {@code pitstop check} prints it, then the summary line. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (CheckFinding f : findings) {
            out.append(f.severity()).append("  ").append(f.rule()).append("  ").append(f.where()).append('\n');
            out.append("  ").append(f.statement()).append('\n');
            out.append("  ").append(f.severity() == CheckFinding.Severity.INFO ? "pitstop: " : "why: ").append(f.why()).append('\n');
            if (f.rewrite() != null && f.severity() != CheckFinding.Severity.INFO) {
                out.append("  safe rewrite: ").append(f.rewrite()).append('\n');
            }
            if (f.allowedBecause() != null) {
                out.append("  allowed: ").append(f.allowedBecause()).append('\n');
            }
            out.append('\n');
        }
        return out.append(summary()).toString();
    }

    /** One line: the counts per severity and the verdict. */
    public String summary() {
        return count(CheckFinding.Severity.REFUSED) + " refused, " + count(CheckFinding.Severity.ALLOWED) + " allowed, "
                + count(CheckFinding.Severity.WARNING) + " warnings, " + count(CheckFinding.Severity.INFO) + " notes in "
                + migrations + " migrations (" + statements + " statements, " + dialect + ")"
                + (refused() ? ": refused, the previous application version would break" : ": accepted");
    }
}
