package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;

/**
 * {@code index-online} (information): CREATE INDEX and ADD CONSTRAINT ... UNIQUE are built without blocking
 * writers: PostgreSQL {@code CONCURRENTLY} (then {@code USING INDEX} for a constraint), MySQL/MariaDB
 * {@code ALGORITHM=INPLACE, LOCK=NONE}.
 */
public final class OnlineIndexBuild implements Rule {
    public static final String ID = "index-online";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        String how = s.mysql() ? "ALGORITHM=INPLACE, LOCK=NONE" : "CREATE " + "%sINDEX CONCURRENTLY";
        if (s.statement() instanceof ParsedStatement.CreateIndex i && s.previousVersionUses(i.table())) {
            return Infos.one(ID, "index " + i.index() + " on " + i.table() + " is built with "
                    + String.format(how, i.unique() ? "UNIQUE " : ""));
        }
        if (s.statement() instanceof ParsedStatement.AddConstraint c
                && c.kind() == ParsedStatement.AddConstraint.ConstraintKind.UNIQUE) {
            return Infos.one(ID, "unique constraint " + c.name() + " on " + c.table() + " is built with "
                    + String.format(how, "UNIQUE ") + (s.mysql() ? "" : ", then attached with USING INDEX"));
        }
        return List.of();
    }
}
