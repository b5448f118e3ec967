package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import java.util.List;

/** Shared helpers of the rules that report, as information, what Pitstop runs instead of a statement. */
final class Infos {
    private Infos() {
    }

    static List<Finding> one(String rule, String what) {
        return List.of(Finding.info(rule, what));
    }
}
