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
}
