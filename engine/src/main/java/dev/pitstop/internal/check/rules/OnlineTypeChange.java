package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.ColumnType;
import dev.pitstop.internal.check.model.TypeChange;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type-change-online} (information): a type change every old value survives (int to bigint, a longer
 * varchar, more numeric precision) or a MySQL MODIFY / CHANGE. Pitstop does not run it as written: on PostgreSQL a
 * metadata-only change runs under a short lock timeout and any other through the online table rebuild; on
 * MySQL/MariaDB every MODIFY / CHANGE is an online table rebuild.
 */
public final class OnlineTypeChange implements Rule {
    public static final String ID = "type-change-online";
    private static final String REBUILD = "online table rebuild: shadow table kept in sync by triggers, chunked copy, "
            + "checksum, cut-over under a bounded lock; the old table is kept in sync until contract";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.TableRewrite r) {
            return Infos.one(ID, "MODIFY/CHANGE of " + r.table() + " runs as an " + REBUILD);
        }
        if (!(s.statement() instanceof ParsedStatement.AlterColumnTypes)) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (StatementContext.ColumnChange c : s.columnChanges()) {
            ColumnType from = c.before().type();
            ColumnType to = c.after().type();
            boolean metadata = from != null && to != null && metadataOnly(from, to);
            out.add(Finding.info(ID, c.table() + "." + c.after().name() + (from == null ? "" : " from " + from.describe())
                    + " to " + (to == null ? c.after().writtenType() : to.describe()) + ": " + (metadata
                    ? "metadata-only, run as written under a short lock_timeout" : REBUILD)));
        }
        return out;
    }

    /** PostgreSQL changes these without reading the table: longer or unlimited varchar, more numeric precision. */
    private static boolean metadataOnly(ColumnType from, ColumnType to) {
        if (TypeChange.of(from, to).verdict() != TypeChange.Verdict.WIDENING && TypeChange.of(from, to).verdict()
                != TypeChange.Verdict.SAME) {
            return false;
        }
        return from.family() == ColumnType.Family.STRING && from.base().equals("varchar")
                && (to.base().equals("varchar") || to.base().equals("text"))
                || from.family() == ColumnType.Family.DECIMAL && to.family() == ColumnType.Family.DECIMAL
                && from.scale() == to.scale();
    }
}
