package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import java.util.List;

/**
 * {@code unplanned-statement}: raw SQL: a statement the planner has no online plan for (views, functions,
 * DROP CONSTRAINT, ALTER TYPE, several clauses mixed in one ALTER TABLE, ...), or one JSqlParser cannot analyse.
 * Pitstop cannot tell what it does to the previous version and never runs it as a plain blocking statement. The
 * {@link dev.pitstop.internal.check.Checker} asks this rule last, and only when no other rule found anything in the
 * statement: one finding with the precise reason is better than two.
 */
public final class UnplannedStatement implements Rule {
    public static final String ID = "unplanned-statement";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.refusal() == null) {
            return List.of();
        }
        String why = s.statement() == null
                ? "JSqlParser cannot analyse it, so Pitstop cannot tell what it does to the previous version: " + s.refusal()
                : "the planner has no online plan for it: " + shorten(s.refusal());
        return List.of(Finding.refuse(ID, why, "Write it as one of the statements Pitstop plans online (README, \"Migration "
                + "files\"), one clause per ALTER TABLE, or run it outside the migrations. An override records that it was "
                + "checked by hand; plan and migrate still refuse what they cannot plan"));
    }

    /** The planner's message without its list of supported statements. */
    private static String shorten(String message) {
        String m = message.replaceFirst("^\\S+:\\d+: ", "");
        int supported = m.indexOf(" Supported now:");
        return supported < 0 ? m : m.substring(0, supported);
    }
}
