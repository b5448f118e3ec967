package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * RENAME COLUMN a TO b (MySQL/MariaDB also {@code CHANGE a b <same definition>}) while the previous
 * application version still uses {@code a} and the new one {@code b} (DESIGN.md §4):
 * <ul>
 *   <li>EXPAND adds {@code b} (nullable, no default) and BEFORE INSERT/UPDATE triggers that keep both equal
 *   both ways: an INSERT fills whichever is NULL from the other, an UPDATE copies the side that changed (the
 *   new name wins when both did). The triggers only assign to the row being written, so they cannot recurse.</li>
 *   <li>BACKFILL copies {@code a} into {@code b} in keyset chunks where they differ.</li>
 *   <li>CONTRACT first gives {@code b} the default of {@code a} and, on PostgreSQL, its NOT NULL (through a
 *   validated check, without a long lock), then drops the triggers and {@code a} (on PostgreSQL in one
 *   transaction, so no write reaches one name only).</li>
 *   <li>abort drops the triggers and {@code b} (on PostgreSQL in one transaction): every value the new version
 *   wrote is in {@code a} already.</li>
 * </ul>
 * A column bound to indexes, constraints, views or generated columns is refused (they would stay on
 * {@code a} and go with it at contract).
 *
 * @param facts what the live catalog said when the step was resolved; null before that (plan without a
 *     database, or a table an earlier pending step creates)
 */
public record RenameColumnStep(ParsedStatement.RenameColumn statement, Facts facts) implements Step {

    /** The old column as the catalog had it when the step was resolved. */
    public record Facts(String type, String defaultExpression, boolean notNull, boolean fromExists, boolean toExists,
                        List<String> setOnUpdate) {
        public Facts {
            setOnUpdate = setOnUpdate == null ? List.of() : List.copyOf(setOnUpdate);
        }
    }

    public RenameColumnStep(ParsedStatement.RenameColumn statement) {
        this(statement, null);
    }

    @Override
    public String kind() {
        return "rename-column";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (catalog == null || !catalog.tableExists(statement.table())) {
            return this;
        }
        String table = statement.table();
        boolean fromExists = catalog.columnExists(table, catalog.normalize(statement.from()));
        return new RenameColumnStep(statement, new Facts(
                catalog.columnCopyType(table, statement.from()).orElse(null),
                catalog.columnDefault(table, statement.from()).orElse(null),
                fromExists && catalog.columnNotNull(table, catalog.normalize(statement.from())),
                fromExists, catalog.columnExists(table, catalog.normalize(statement.to())), catalog.columnsSetOnUpdate(table)));
    }

    /** Asked before the first start only: EXPAND itself adds the new name, and a resumed run finds it. */
    @Override
    public boolean refusalApplies(Phase phase, boolean resuming) {
        return phase == Phase.EXPAND && !resuming;
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        String table = statement.table();
        if (!Identifiers.qualifier(table).isEmpty()) {
            return "RENAME COLUMN on " + table + ": a schema-qualified table is not supported for a rename yet. Name the "
                    + "table unqualified and run Pitstop with that schema (database) as the current one";
        }
        if (!catalog.tableExists(table)) {
            return null;
        }
        String from = catalog.normalize(statement.from());
        String to = catalog.normalize(statement.to());
        String rename = "RENAME COLUMN " + from + " TO " + to + " on " + table;
        if (!catalog.columnExists(table, from)) {
            return rename + ": " + table + " has no column " + from + ". Check the names";
        }
        if (catalog.columnExists(table, to)) {
            return rename + ": " + table + " already has a column " + to + ". Pick another name, or drop " + to
                    + " in an earlier migration";
        }
        if (catalog.primaryKey(table).isEmpty()) {
            return rename + ": the copy of " + from + " into " + to + " walks " + table + " by its primary key, and it "
                    + "has none. Add a primary key in an earlier migration";
        }
        List<String> dependents = catalog.columnDependents(table, from);
        if (!dependents.isEmpty()) {
            return rename + ": " + from + " is used by " + String.join(", ", dependents) + ", which would stay bound to "
                    + from + " and go with it at contract (not supported online yet). Add " + to + " as a new column, "
                    + "build what it needs (indexes, constraints) on it, copy the values with an UPDATE, and drop " + from
                    + " once no version reads it";
        }
        if (statement.definition() != null) {
            String current = catalog.columnType(table, from).orElse("");
            if (!sameType(current, statement.definition(), catalog.columnNotNull(table, from))) {
                return "CHANGE " + from + " " + to + " on " + table + " also changes the column's definition (" + current
                        + " to " + statement.definition() + "). Rename it with RENAME COLUMN " + from + " TO " + to
                        + ", and change the definition in its own statement";
            }
        }
        return null;
    }

    /**
     * True when the definition is the current type (display widths, spacing and letter case aside), perhaps
     * followed by the column's own NULL / NOT NULL: a CHANGE that also alters the type, its attributes, the
     * default or the collation is not a rename.
     */
    static boolean sameType(String current, String definition, boolean notNull) {
        String c = normalType(current);
        String d = normalType(definition);
        if (c.isEmpty()) {
            return false;
        }
        String rest = d.equals(c) ? "" : d.startsWith(c + " ") ? d.substring(c.length() + 1) : null;
        return rest != null && (rest.isEmpty() || rest.equals(notNull ? "not null" : "null"));
    }

    private static String normalType(String type) {
        return type.toLowerCase(Locale.ROOT).strip().replaceAll("\\s*\\(\\s*", "(").replaceAll("\\s*,\\s*", ",")
                .replaceAll("\\s*\\)", ")").replaceAll("\\s+", " ")
                .replaceAll("^(tinyint|smallint|mediumint|int|bigint)\\(\\d+\\)", "$1").replaceAll("^integer\\b", "int");
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String table = name(dialect, statement.table());
        String from = dialect.normalizeIdentifier(statement.from());
        String to = dialect.normalizeIdentifier(statement.to());
        String helper = helper(table, from, to);
        var ddl = dialect.onlineDdl();
        List<Action> actions = new ArrayList<>();
        if (facts == null || !facts.toExists()) {
            String type = facts == null || facts.type() == null ? "<type of " + from + ">" : facts.type();
            actions.add(new Action(Phase.EXPAND, "add column " + to + " to " + table + " (the new name of " + from + ")",
                    ddl.addRenamedColumn(table, to, type), true));
        }
        for (Sql sql : ddl.installRenameSync(table, from, to, helper)) {
            actions.add(new Action(Phase.EXPAND, "keep " + from + " and " + to + " of " + table + " equal both ways ("
                    + helper + ")", sql, true));
        }
        actions.add(Action.backfill("copy " + from + " into " + to + " of " + table + " in keyset chunks",
                Sql.of("UPDATE " + ddl.quote(table) + " SET " + ddl.quote(to) + " = " + ddl.quote(from) + " WHERE "
                        + ddl.columnsDiffer(from, to)),
                new Backfill(statement.table(), backfillSet(ddl, from, to), ddl.columnsDiffer(from, to))));
        // the new name gets what the old one had first, while the old name and the triggers are still there
        // (a run killed in between resumes with both); then the triggers and the old name go together
        if (facts != null && facts.defaultExpression() != null) {
            actions.add(new Action(Phase.CONTRACT, "give " + to + " the default " + from + " had",
                    ddl.setDefault(table, to, facts.defaultExpression()), true));
        }
        if (facts != null && facts.notNull()) {
            for (Sql sql : ddl.setNotNullOnline(table, to, helper + "_nn")) {
                actions.add(new Action(Phase.CONTRACT, "make " + to + " NOT NULL as " + from + " was (validated check first)",
                        sql, true));
            }
        }
        List<Sql> drops = facts == null || facts.fromExists() ? ddl.dropRenameSyncAndColumn(table, helper, from)
                : ddl.dropRenameSync(table, helper);
        for (Sql sql : drops) {
            actions.add(new Action(Phase.CONTRACT, "drop the triggers keeping " + from + " and " + to + " equal, and column "
                    + from + " of " + table + " (renamed to " + to + ")", sql, true));
        }
        return actions;
    }

    /** Every trigger drop is idempotent; {@code to} goes only while it is there (it may never have been added). */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        if (!catalog.tableExists(statement.table())) {
            return List.of();
        }
        boolean toExists = catalog.columnExists(statement.table(), catalog.normalize(statement.to()));
        List<Action> actions = new RenameColumnStep(statement, new Facts(null, null, false, true, toExists, List.of())).abortActions(dialect);
        // the trigger drops are idempotent: once the column is gone, nothing is left to do
        return toExists ? actions : List.of();
    }

    /** The triggers go first, so nothing writes {@code to} from {@code from} any more; then {@code to} goes. */
    @Override
    public List<Action> abortActions(Dialect dialect) {
        String table = name(dialect, statement.table());
        String from = dialect.normalizeIdentifier(statement.from());
        String to = dialect.normalizeIdentifier(statement.to());
        var ddl = dialect.onlineDdl();
        String helper = helper(table, from, to);
        List<Sql> drops = facts == null || facts.toExists() ? ddl.dropRenameSyncAndColumn(table, helper, to)
                : ddl.dropRenameSync(table, helper);
        return drops.stream().map(sql -> new Action(Phase.EXPAND, "drop the triggers keeping " + from + " and " + to
                + " equal, and column " + to + " of " + table + " (every value written to it is in " + from + ")", sql, true))
                .toList();
    }

    /**
     * {@code to = from}, and each column the server would set by itself on the UPDATE (MySQL ON UPDATE
     * CURRENT_TIMESTAMP) kept as it is: the copy is Pitstop's, not a change of the row.
     */
    private String backfillSet(dev.pitstop.spi.OnlineDdl ddl, String from, String to) {
        StringBuilder set = new StringBuilder(ddl.quote(to) + " = " + ddl.quote(from));
        for (String column : facts == null ? List.<String>of() : facts.setOnUpdate()) {
            set.append(", ").append(ddl.quote(column)).append(" = ").append(ddl.quote(column));
        }
        return set.toString();
    }

    /** Every phase's actions are idempotent, and a resumed phase runs them again. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return false;
    }

    private static String name(Dialect dialect, String written) {
        return dialect.normalizeIdentifier(Identifiers.unqualified(written));
    }

    /** {@code <table, at most 24 chars>__pitstop_ren_<hash>}: unique per rename, short enough for every server. */
    static String helper(String table, String from, String to) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((table + "\u0000" + from + "\u0000" + to).getBytes(StandardCharsets.UTF_8));
            String prefix = table.length() > 24 ? table.substring(0, 24) : table;
            return prefix + "__pitstop_ren_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
