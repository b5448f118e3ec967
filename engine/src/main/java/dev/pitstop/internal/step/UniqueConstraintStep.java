package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ALTER TABLE t ADD CONSTRAINT n UNIQUE (columns), built online in EXPAND. PostgreSQL: {@code CREATE UNIQUE
 * INDEX CONCURRENTLY n} (an invalid leftover of a failed build is dropped before the next attempt, as for
 * CREATE INDEX), then {@code ADD CONSTRAINT n UNIQUE USING INDEX n} under the short lock timeout.
 * MySQL/MariaDB: the statement with {@code ALGORITHM=INPLACE, LOCK=NONE}. Duplicates fail the step naming
 * the table, the columns and the way out, and leave no index behind. Abort drops the constraint (PostgreSQL:
 * then an index left without it, concurrently) unless it was there before the step.
 *
 * @param exists whether the constraint (PostgreSQL) or index (MySQL/MariaDB) was in place when resolved
 * @param existedBefore whether it was in place before the step first ran (null when not known)
 */
public record UniqueConstraintStep(ParsedStatement.AddConstraint statement, boolean exists, Boolean existedBefore)
        implements Step {
    /** Nothing after the column list: USING INDEX TABLESPACE, INCLUDE, DEFERRABLE and the like are not carried over. */
    private static final Pattern PLAIN = Pattern.compile("(?is).*\\bUNIQUE(\\s+(KEY|INDEX))?(\\s+[\\w`\"$]+)?\\s*\\([^()]*\\)\\s*;?\\s*$");

    public UniqueConstraintStep(ParsedStatement.AddConstraint statement) {
        this(statement, false, null);
    }

    @Override
    public boolean undoableUntilContract() {
        return true;
    }

    @Override
    public String kind() {
        return "add-unique";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    private String violation() {
        return statement.table() + " has rows with the same (" + String.join(", ", statement.columns()) + "), so the unique "
                + "constraint " + statement.name() + " cannot be built; no index was left behind. Remove the duplicates "
                + "(SELECT " + String.join(", ", statement.columns()) + ", count(*) FROM " + statement.table() + " GROUP BY "
                + String.join(", ", statement.columns()) + " HAVING count(*) > 1 finds them) and run migrate again";
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        String unsupported = refusal(null, dialect);
        if (unsupported != null) {
            throw new IllegalArgumentException(unsupported);
        }
        if (exists) {
            return List.of();
        }
        String table = statement.table();
        String name = dialect.normalizeIdentifier(statement.name());
        List<String> columns = statement.columns().stream().map(dialect::normalizeIdentifier).toList();
        List<Action> actions = new ArrayList<>();
        dialect.onlineDdl().uniqueUsingIndex(table, name, name).ifPresentOrElse(attach -> {
            Action build = new Action(Phase.EXPAND, "build the unique index " + name + " on " + table + " ("
                    + String.join(", ", columns) + ") online", dialect.onlineDdl().createUniqueIndex(table, name, columns), true)
                    .onViolation(violation());
            actions.add(dialect.onlineDdl().indexBuildWaitsWithoutBlocking() ? build.waitingWithoutBlocking() : build);
            actions.add(new Action(Phase.EXPAND, "make " + name + " the unique constraint " + statement.name() + " of " + table,
                    attach, true));
        }, () -> actions.add(new Action(Phase.EXPAND, "add the unique key " + statement.name() + " to " + table + " online",
                dialect.onlineDdl().addUnique(statement.source().text()), true).onViolation(violation())));
        return actions;
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (catalog == null) {
            return this;
        }
        return new UniqueConstraintStep(statement, present(catalog, dialect), existedBefore);
    }

    /** The constraint (PostgreSQL) or the index (MySQL/MariaDB, where the key is an index). */
    private boolean present(Catalog catalog, Dialect dialect) {
        String name = dialect.normalizeIdentifier(statement.name());
        return dialect.onlineDdl().uniqueUsingIndex(statement.table(), name, name).isPresent()
                ? catalog.constraintValidated(statement.table(), statement.name()).isPresent()
                : catalog.indexValid(statement.table(), statement.name()).isPresent();
    }

    /** Decided by the statement alone: {@code catalog} may be null. */
    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (!PLAIN.matcher(statement.source().text()).matches()) {
            return "ADD CONSTRAINT " + statement.name() + " UNIQUE on " + statement.table() + " has clauses after its "
                    + "column list, which the online build does not carry over; write it as ADD CONSTRAINT "
                    + statement.name() + " UNIQUE (" + String.join(", ", statement.columns()) + ")";
        }
        return null;
    }

    @Override
    public String remember(Catalog catalog) {
        return catalog.constraintValidated(statement.table(), statement.name()).isPresent() ? "constraint" : "none";
    }

    @Override
    public Step recall(String remembered) {
        return new UniqueConstraintStep(statement, exists, "constraint".equals(remembered));
    }

    /** On resume the step was resolved afresh, so {@code exists} is what the catalog shows now. */
    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return exists;
    }

    @Override
    public List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        boolean invalidLeftover = !catalog.indexValid(statement.table(), statement.name()).orElse(true);
        return invalidLeftover
                ? dialect.onlineDdl().dropIndexLeftover(statement.table(), dialect.normalizeIdentifier(statement.name()))
                        .stream().toList()
                : List.of();
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        if (!Boolean.FALSE.equals(existedBefore)) {
            return List.of();
        }
        String table = statement.table();
        String name = dialect.normalizeIdentifier(statement.name());
        List<Action> undo = new ArrayList<>();
        boolean attachable = dialect.onlineDdl().uniqueUsingIndex(table, name, name).isPresent();
        if (attachable || exists) {
            undo.add(new Action(Phase.EXPAND, "drop the unique constraint " + statement.name() + " of " + table,
                    dialect.onlineDdl().dropUnique(table, name), true));
        }
        if (attachable) {
            dialect.onlineDdl().dropIndexLeftover(table, name).ifPresent(drop -> undo.add(new Action(Phase.EXPAND,
                    "drop the index " + name + " if it is left without its constraint", drop, true).waitingWithoutBlocking()));
        }
        return undo;
    }
}
