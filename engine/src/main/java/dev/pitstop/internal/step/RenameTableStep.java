package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE a RENAME TO b, and MySQL's RENAME TABLE a TO b (DESIGN.md §2): EXPAND renames the table and
 * leaves an updatable view {@code a} over {@code b}, so the previous version keeps reading and writing the old
 * name (INSERT, UPDATE, DELETE through the view) while the new one uses the new name; CONTRACT drops the view;
 * abort drops the view and renames the table back. There is no instant without {@code a}: on PostgreSQL the
 * rename and the view are one transaction; on MySQL/MariaDB one atomic RENAME TABLE swaps a prepared view in
 * (see the dialect's {@link OnlineDdl#renameBehindView}).
 *
 * <p>Refused: {@code b} exists; {@code a} is not a table; {@code a} has triggers (their bodies name tables by
 * text, and on MySQL a trigger that writes its own table through the view fails); on MySQL/MariaDB other views
 * name {@code a} (they bind by name, and would break when contract drops the view).
 */
public record RenameTableStep(ParsedStatement.RenameTable statement) implements Step {

    @Override
    public String kind() {
        return "rename-table";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    /** The prepared view's made-up name, as the catalog stores it. */
    private String swapName(Dialect dialect) {
        return "_" + from(dialect) + "__pitstop_view";
    }

    /** The name the placeholder is renamed to during the swap, as the catalog stores it. */
    private String parkedName(Dialect dialect) {
        return "_" + from(dialect) + "__pitstop_parked";
    }

    private String from(Dialect dialect) {
        return dialect.normalizeIdentifier(Identifiers.unqualified(statement.from()));
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        OnlineDdl ddl = dialect.onlineDdl();
        List<Action> actions = new ArrayList<>();
        String what = "rename " + statement.from() + " to " + statement.to() + " behind an updatable view "
                + statement.from() + " for the previous version";
        for (Sql sql : ddl.renameBehindView(statement.from(), statement.to(), ddl.quote(swapName(dialect), statement.from()),
                ddl.quote(parkedName(dialect), statement.from()))) {
            actions.add(new Action(Phase.EXPAND, what, sql, true));
        }
        actions.add(new Action(Phase.CONTRACT, "drop the view " + statement.from() + " (the previous version used it until now)",
                ddl.dropView(statement.from()), true));
        return actions;
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        String from = statement.from();
        String to = statement.to();
        if (!catalog.tableExists(from) || alreadyApplied(catalog, Phase.EXPAND)) {
            return null;
        }
        if (catalog.isView(from)) {
            return "RENAME of " + from + ": it is a view, and Pitstop renames tables only. Rename the view with a plain "
                    + "CREATE VIEW/DROP VIEW in a release of its own";
        }
        if (catalog.tableExists(to) && !isPlaceholder(catalog, dialect)) {
            return "RENAME of " + from + " to " + to + ": " + to + " already exists. Drop or rename " + to
                    + " first (in an earlier migration), or choose another name";
        }
        List<String> triggers = catalog.triggers(from);
        if (!triggers.isEmpty()) {
            return "RENAME of " + from + " to " + to + ": the table has trigger(s) " + String.join(", ", triggers)
                    + ", whose bodies name tables by text and would write through the view the rename leaves behind. Drop "
                    + "them in an earlier migration, and create them again on " + to + " after contract";
        }
        List<String> views = catalog.viewsNaming(from).stream().filter(v -> !isPlaceholderView(catalog, dialect, v)).toList();
        if (!views.isEmpty()) {
            return "RENAME of " + from + " to " + to + ": view(s) " + String.join(", ", views) + " read " + from + " by name, "
                    + "and would break when contract drops the view " + from + ". Drop them in an earlier migration, and "
                    + "create them again over " + to + " after contract";
        }
        return null;
    }

    /** EXPAND: {@code a} is the view and {@code b} the table. CONTRACT: the view is gone. */
    @Override
    public boolean alreadyApplied(Catalog catalog, Phase phase) {
        if (phase == Phase.CONTRACT) {
            return !catalog.tableExists(statement.from()) && catalog.isBaseTable(statement.to());
        }
        return catalog.isView(statement.from()) && catalog.isBaseTable(statement.to());
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return alreadyApplied(catalog, Phase.EXPAND);
    }

    /** A placeholder left after the swap (MySQL) goes: nothing but this step knows its name. */
    @Override
    public List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        String parked = dialect.onlineDdl().quote(parkedName(dialect), statement.from());
        return catalog.isView(parked) ? List.of(dialect.onlineDdl().dropView(parked))
                : List.of();
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /**
     * After the swap: drop the view and rename back, as one transaction (PostgreSQL) or one atomic RENAME TABLE
     * (MySQL), so the previous version never misses the old name. Before it (a killed or failed expand): the
     * prepared views go, if any.
     */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        OnlineDdl ddl = dialect.onlineDdl();
        String swap = ddl.quote(swapName(dialect), statement.from());
        if (alreadyApplied(catalog, Phase.EXPAND)) {
            return ddl.renameBack(statement.from(), statement.to(), swap).stream().map(sql -> new Action(Phase.EXPAND,
                    "drop the view " + statement.from() + " and rename " + statement.to() + " back to " + statement.from(),
                    sql, true)).toList();
        }
        List<Action> actions = new ArrayList<>();
        if (catalog.isView(swap)) {
            actions.add(new Action(Phase.EXPAND, "drop the prepared view " + swap, ddl.dropView(swap), true));
        }
        if (catalog.isBaseTable(statement.from()) && isPlaceholder(catalog, dialect)) {
            actions.add(new Action(Phase.EXPAND, "drop the placeholder view " + statement.to(), ddl.dropView(statement.to()), true));
        }
        return actions;
    }

    /** True when {@code b} is the placeholder view a killed MySQL expand left (recognised by its marker). */
    private boolean isPlaceholder(Catalog catalog, Dialect dialect) {
        return isPlaceholderView(catalog, dialect, statement.to());
    }

    private static boolean isPlaceholderView(Catalog catalog, Dialect dialect, String view) {
        return catalog.viewDefinition(view).map(d -> d.contains(dialect.onlineDdl().placeholderMarker())).orElse(false);
    }
}
