package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE ... [DROP CONSTRAINT old,] ADD PRIMARY KEY (columns) over NOT NULL columns, without
 * rewriting the table and without blocking it while an index is built. EXPAND builds the new key's
 * unique index online; when a primary key is replaced, a unique index on the old key's columns too, so
 * the previous version's {@code ON CONFLICT} and lookups keep their guarantee; then one short,
 * lock-bounded statement drops the old constraint and makes the new index the primary key. CONTRACT
 * drops the old key's index. Abort swaps back the same way: the old key's index is still there until
 * contract, so one short statement drops the new constraint (and its index) and makes that index the
 * primary key again under its old name (remembered before expand); before the swap it drops the indexes
 * built so far.
 *
 * @param current the table's primary key when the step was resolved against the live schema; null before
 *     (or when it has none)
 */
public record PrimaryKeyStep(ParsedStatement.PrimaryKey statement, Catalog.Key current) implements Step {

    public PrimaryKeyStep(ParsedStatement.PrimaryKey statement) {
        this(statement, null);
    }

    @Override
    public String kind() {
        return "primary-key";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String table = statement.table();
        String stem = stem(dialect);
        Sql swap = dialect.onlineDdl().primaryKeyUsingIndex(table, statement.dropConstraint(), statement.name(),
                dialect.normalizeIdentifier(Identifiers.unqualified(table)) + "_pkey", stem + "__pitstop_pk")
                .orElseThrow(() -> new IllegalArgumentException("changing the primary key of " + table + " online is not "
                        + "supported on " + dialect.describe() + " yet"));
        List<String> columns = statement.columns().stream().map(c -> dialect.normalizeIdentifier(c)).toList();
        List<Action> actions = new ArrayList<>();
        if (current != null && current.columns().equals(columns)) {
            // resolved after the swap (a run that lost its connection after the commit): only the contract is left
            dialect.onlineDdl().dropIndexLeftover(table, stem + "__pitstop_oldpk").filter(d -> statement.dropConstraint() != null)
                    .ifPresent(drop -> actions.add(new Action(Phase.CONTRACT, "drop " + stem + "__pitstop_oldpk, the old "
                            + "key's index", drop, true).waitingWithoutBlocking()));
            return actions;
        }
        actions.add(new Action(Phase.EXPAND, "build the unique index " + stem + "__pitstop_pk on " + table + " ("
                + String.join(", ", columns) + ") online", dialect.onlineDdl().createUniqueIndex(table, stem + "__pitstop_pk",
                columns), true).waitingWithoutBlocking());
        if (statement.dropConstraint() != null) {
            Sql keep = current == null ? Sql.of("-- CREATE UNIQUE INDEX " + stem + "__pitstop_oldpk ON " + table
                    + " (the columns of the current primary key), online")
                    : dialect.onlineDdl().createUniqueIndex(table, stem + "__pitstop_oldpk", current.columns());
            actions.add(new Action(Phase.EXPAND, "keep the old key of " + table + " unique for the previous version, in "
                    + stem + "__pitstop_oldpk, built online", keep, true).waitingWithoutBlocking());
        }
        actions.add(new Action(Phase.EXPAND, "make " + stem + "__pitstop_pk the primary key of " + table
                + (statement.dropConstraint() == null ? "" : " in place of " + statement.dropConstraint()), swap, true));
        if (statement.dropConstraint() != null) {
            dialect.onlineDdl().dropIndexLeftover(table, stem + "__pitstop_oldpk").ifPresent(drop -> actions.add(
                    new Action(Phase.CONTRACT, "drop " + stem + "__pitstop_oldpk, the old key's index", drop, true)
                            .waitingWithoutBlocking()));
        }
        return actions;
    }

    private String stem(Dialect dialect) {
        String table = dialect.normalizeIdentifier(Identifiers.unqualified(statement.table()));
        return table.length() > 40 ? table.substring(0, 32) + Integer.toHexString(table.hashCode()) : table;
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        return new PrimaryKeyStep(statement, catalog.primaryKey(statement.table()).orElse(null));
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        String table = statement.table();
        if (!catalog.tableExists(table) || alreadyApplied(catalog)) {
            return null;
        }
        for (String column : statement.columns()) {
            if (!catalog.columnNotNull(table, column)) {
                return "column " + column + " of " + table + " is missing or nullable: adding a primary key over it would "
                        + "make the server check every row for NULLs under an exclusive lock. Make it NOT NULL first (on "
                        + "PostgreSQL through a CHECK (" + column + " IS NOT NULL) NOT VALID constraint, VALIDATE, then SET "
                        + "NOT NULL), in an earlier migration";
            }
        }
        Catalog.Key key = catalog.primaryKey(table).orElse(null);
        if (key != null && statement.dropConstraint() == null) {
            return table + " already has the primary key " + key.name() + " (" + String.join(", ", key.columns())
                    + "); to replace it write ALTER TABLE " + table + " DROP CONSTRAINT " + key.name() + ", ADD PRIMARY KEY ("
                    + String.join(", ", statement.columns()) + ")";
        }
        if (statement.dropConstraint() != null
                && (key == null || !catalog.normalize(statement.dropConstraint()).equals(key.name()))) {
            return "the statement drops " + statement.dropConstraint() + ", which is not the primary key of " + table
                    + (key == null ? " (it has none)" : " (that is " + key.name() + ")") + "; drop it in a statement of its own";
        }
        if (statement.dropConstraint() != null) {
            List<String> references = catalog.foreignKeysOntoPrimaryKey(table);
            if (!references.isEmpty()) {
                return "foreign keys reference the primary key " + key.name() + " of " + table + " (" + String.join(", ",
                        references) + "), and it cannot be dropped under them. Point them at a unique key of the same "
                        + "columns first, in an earlier migration, or change the key with an online rebuild";
            }
        }
        return null;
    }

    /** The current primary key, {@code name=...;columns=a,b} (or {@code none}), before expand changes it. */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        return catalog.primaryKey(statement.table()).map(k -> "name=" + k.name() + ";columns=" + String.join(",", k.columns()))
                .orElse("none");
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /** A new key refuses rows the previous version may write: the migration stays undoable until contract. */
    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        String table = statement.table();
        String stem = stem(dialect);
        String oldIndex = stem + "__pitstop_oldpk";
        Catalog.Key key = catalog.primaryKey(table).orElse(null);
        List<String> target = statement.columns().stream().map(catalog::normalize).toList();
        if (key != null && key.columns().equals(target)) {
            Catalog.Key before = remembered(memo);
            if (before == null) {
                return List.of(new Action(Phase.EXPAND, "drop the primary key " + key.name() + " of " + table
                        + " (it had none before)", dialect.onlineDdl().dropConstraint(table, key.name(), false), true));
            }
            List<Action> actions = new ArrayList<>();
            if (!catalog.indexValid(table, oldIndex).orElse(false)) {
                actions.add(new Action(Phase.EXPAND, "build " + oldIndex + " on " + table + " (" + String.join(", ",
                        before.columns()) + ") online, to be the primary key again", dialect.onlineDdl().createUniqueIndex(table,
                        oldIndex, before.columns()), true).waitingWithoutBlocking());
            }
            dialect.onlineDdl().primaryKeyUsingIndex(table, quoted(dialect, key.name()), quoted(dialect, before.name()),
                    before.name(), oldIndex).ifPresent(swap -> actions.add(new Action(Phase.EXPAND, "make " + before.name()
                    + " (" + String.join(", ", before.columns()) + ") the primary key of " + table + " again, dropping "
                    + key.name(), swap, true)));
            return actions;
        }
        List<Action> actions = new ArrayList<>();
        for (String index : List.of(stem + "__pitstop_pk", oldIndex)) {
            if (catalog.indexValid(table, index).isPresent()) {
                dialect.onlineDdl().dropIndexLeftover(table, index).ifPresent(drop -> actions.add(new Action(Phase.EXPAND,
                        "drop " + index + ", built for the new key", drop, true).waitingWithoutBlocking()));
            }
        }
        return actions;
    }

    private Catalog.Key remembered(String memo) {
        if (memo == null && statement.dropConstraint() != null) {
            // expanded before the key was remembered: its name is the one the statement dropped
            return new Catalog.Key(Identifiers.unqualified(statement.dropConstraint()).replace("\"", ""), List.of());
        }
        if (memo == null || !memo.startsWith("name=")) {
            return null;
        }
        String[] parts = memo.split(";columns=", 2);
        return new Catalog.Key(parts[0].substring("name=".length()), List.of(parts[1].split(",")));
    }

    private static String quoted(Dialect dialect, String catalogName) {
        return dialect.onlineDdl().quote(catalogName);
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        List<String> target = statement.columns().stream().map(catalog::normalize).toList();
        return catalog.primaryKey(statement.table()).map(k -> k.columns().equals(target)).orElse(false);
    }

    @Override
    public List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        List<Sql> cleanup = new ArrayList<>();
        for (String index : List.of(stem(dialect) + "__pitstop_pk", stem(dialect) + "__pitstop_oldpk")) {
            if (!catalog.indexValid(statement.table(), index).orElse(true)) {
                dialect.onlineDdl().dropIndexLeftover(statement.table(), index).ifPresent(cleanup::add);
            }
        }
        return cleanup;
    }
}
