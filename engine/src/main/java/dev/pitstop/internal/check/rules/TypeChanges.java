package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.TypeChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The column type changes of a statement that the previous version can see, classified: shared by the rules
 * on type changes so that each change is judged once, the same way.
 */
record TypeChanges(String table, String column, String from, String to, TypeChange.Verdict verdict, String reason) {

    /** {@code table.column}. */
    String where() {
        return table + "." + column;
    }

    static List<TypeChanges> of(StatementContext s, TypeChange.Verdict wanted) {
        List<TypeChanges> out = new ArrayList<>();
        for (StatementContext.ColumnChange c : s.columnChanges()) {
            if (c.before().type() == null || c.after().type() == null || !s.previousVersionUses(c.table())) {
                continue;
            }
            TypeChange change = TypeChange.of(c.before().type(), c.after().type());
            if (change.verdict() == wanted) {
                out.add(new TypeChanges(c.table(), c.after().name(), c.before().type().describe(), c.after().type().describe(),
                        change.verdict(), change.reason()));
            }
        }
        return out;
    }
}
