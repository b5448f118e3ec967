package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.TypeChange;
import java.util.List;

/**
 * {@code narrowing-type-change}: a column's type gets smaller: a shorter varchar or char, bigint to int, int to
 * smallint, signed to unsigned, numeric with less precision or scale, a float to fewer bytes, datetime to
 * timestamp or date. Values the previous version writes (or that exist) may no longer fit, and the server
 * refuses them or rounds them silently.
 */
public final class NarrowingTypeChange implements Rule {
    public static final String ID = "narrowing-type-change";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        return TypeChanges.of(s, TypeChange.Verdict.NARROWING).stream()
                .map(c -> Finding.refuse(ID, c.where() + " narrows from " + c.from() + " to " + c.to() + ": " + c.reason(),
                        "Keep " + c.from() + ". To enforce the smaller range, add a constraint the previous version's writes "
                        + "already meet (ALTER TABLE " + c.table() + " ADD CONSTRAINT <name> CHECK (...), validated online), "
                        + "or add a new column of type " + c.to() + ", fill it, and switch over with expand/contract"))
                .toList();
    }
}
