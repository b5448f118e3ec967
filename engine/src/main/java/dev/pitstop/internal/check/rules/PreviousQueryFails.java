package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.PreviousQuery;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code previous-query-fails}: given the previous version's own SQL ({@code --previous-queries}), a statement is
 * refused when one of those statements runs against the schema before it and fails against the schema after it: a
 * table or column it names is gone, its INSERT leaves out a new NOT NULL column without a default, or a literal it
 * writes no longer fits the column (a longer string, an integer out of range, more digits than a numeric holds, a
 * value an enum no longer has; on PostgreSQL also a literal it compares an enum column with). A rename
 * keeps the old name through expand (sync triggers, a view), so the old name still counts as there; a drop does
 * not, because once it runs (at contract) the previous version's statement fails if it still runs.
 */
public final class PreviousQueryFails implements Rule {
    public static final String ID = "previous-query-fails";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (!s.previous().given() || s.edits().isEmpty()) {
            return List.of();
        }
        Schema after = afterExpand(s);
        List<Finding> out = new ArrayList<>();
        for (PreviousQuery q : s.previous().queries()) {
            List<String> before = q.failures(s.before(), s.mysql());
            // a failure the statement does not cause (the same subject failed before it) is not its finding
            List<String> now = q.failures(after, s.mysql()).stream()
                    .filter(f -> before.stream().noneMatch(b -> subject(b).equals(subject(f)))).toList();
            if (!now.isEmpty()) {
                out.add(Finding.refuse(ID, "the previous version's statement at " + q.where() + " (" + shorten(q.text())
                        + ") fails after this statement: " + String.join("; ", now),
                        "release an application version that no longer runs that statement (or only writes values that fit) "
                        + "first, then make this change "
                        + "in a later migration; for a new NOT NULL column give it a DEFAULT"));
            }
        }
        return out;
    }

    /** The schema after the statement, with the old names of renamed columns and tables still there. */
    private static Schema afterExpand(StatementContext s) {
        Schema schema = s.after();
        for (SchemaEdit edit : s.edits()) {
            if (edit instanceof SchemaEdit.RenameColumn r) {
                String table = Names.of(r.table());
                String from = Names.of(r.from());
                schema = schema.changing(table, t -> t.column(Names.of(r.to()))
                        .map(c -> t.withColumn(c.withName(from).withNotNull(false))).orElse(t));
            } else if (edit instanceof SchemaEdit.RenameTable r) {
                String from = Names.of(r.from());
                Schema current = schema;
                schema = current.table(Names.of(r.to())).map(t -> current.withTable(t.withName(from))).orElse(current);
            }
        }
        return schema;
    }

    /** A failure without its details: "the value 'x' no longer fits t.c" of "... (varchar(5)): ...". */
    private static String subject(String failure) {
        int details = failure.indexOf(" (");
        return details < 0 ? failure : failure.substring(0, details);
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
