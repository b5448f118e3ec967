package dev.pitstop.internal.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- pitstop:allow <rule-id> <reason>} comments in the lines before a statement. An override allows
 * one rule's refusals of that one statement; the reason is required and is reported with what it allowed.
 */
final class Overrides {
    private static final Pattern ALLOW = Pattern.compile("--\\s*pitstop:allow\\b[ \\t]*(\\S*)[ \\t]*(.*)");

    /**
     * @param reason empty when none was given
     */
    record Override(String rule, String reason) {
    }

    private Overrides() {
    }

    static List<Override> in(String leadingComments) {
        List<Override> out = new ArrayList<>();
        if (leadingComments == null || !leadingComments.contains("pitstop:allow")) {
            return out;
        }
        for (String line : leadingComments.split("\n")) {
            Matcher m = ALLOW.matcher(line.strip());
            if (m.matches()) {
                out.add(new Override(m.group(1), m.group(2).strip()));
            }
        }
        return out;
    }
}
