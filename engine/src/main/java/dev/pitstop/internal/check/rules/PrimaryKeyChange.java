package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.Key;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code primary-key-change}: a statement leaves a table the previous version uses without a primary key
 * (MySQL {@code DROP PRIMARY KEY}, {@code DROP CONSTRAINT <pkey>}), or changes the key's columns while no unique
 * key stays in common between the old shape and the new. The previous version finds, updates and upserts rows
 * by its key ({@code ON CONFLICT}, {@code ON DUPLICATE KEY}); without a shared unique key those hit several rows or
 * none, and Pitstop's online rebuilds and chunked data statements need a key too. PostgreSQL's
 * {@code DROP CONSTRAINT <pkey>, ADD PRIMARY KEY (...)} in one statement is accepted: Pitstop keeps a unique index
 * on the old key until contract.
 */
public final class PrimaryKeyChange implements Rule {
    public static final String ID = "primary-key-change";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        List<Finding> out = new ArrayList<>();
        if (s.edits().stream().noneMatch(e -> e instanceof SchemaEdit.DropPrimaryKey || e instanceof SchemaEdit.DropConstraint
                || e instanceof SchemaEdit.AddKey || e instanceof SchemaEdit.DropIndex || e instanceof SchemaEdit.DropColumn)) {
            return out;
        }
        for (Table before : s.before().tables().values()) {
            Optional<Key> oldKey = before.primaryKey();
            Optional<Table> afterTable = s.after().table(before.name());
            if (oldKey.isEmpty() || afterTable.isEmpty() || !s.previousVersionUses(before.name())) {
                continue;
            }
            Optional<Key> newKey = afterTable.get().primaryKey();
            if (newKey.isPresent() && newKey.get().columns().equals(oldKey.get().columns())) {
                continue;
            }
            String old = "(" + String.join(", ", oldKey.get().columns()) + ")";
            if (newKey.isEmpty()) {
                out.add(Finding.refuse(ID, "the primary key " + old + " of " + before.name() + " is dropped and none replaces "
                        + "it: the previous version's lookups, updates and upserts by key no longer find one row, duplicates "
                        + "become possible, and online rebuilds and chunked data statements need a key", rewrite(before.name())));
            } else if (!(s.statement() instanceof ParsedStatement.PrimaryKey k && k.dropConstraint() != null)
                    && !sharesUniqueKey(before, afterTable.get())) {
                out.add(Finding.refuse(ID, "the primary key of " + before.name() + " changes from " + old + " to ("
                        + String.join(", ", newKey.get().columns()) + ") and no unique key stays in common: the previous "
                        + "version's lookups and upserts by " + old + " no longer hit exactly one row", rewrite(before.name())));
            }
        }
        return out;
    }

    /**
     * True when a unique key over the same NOT NULL columns exists before and after: one that identifies a row for
     * both versions (a unique key over a nullable column lets many rows share NULL).
     */
    private static boolean sharesUniqueKey(Table before, Table after) {
        Set<Set<String>> old = new HashSet<>();
        before.keys().stream().filter(k -> identifies(before, k)).forEach(k -> old.add(Set.copyOf(k.columns())));
        return after.keys().stream().filter(k -> identifies(after, k)).anyMatch(k -> old.contains(Set.copyOf(k.columns())));
    }

    private static boolean identifies(Table table, Key key) {
        return key.unique() && key.columns().stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false));
    }

    private static String rewrite(String table) {
        return "Keep a unique key both versions share: first CREATE UNIQUE INDEX on the key the previous version uses "
                + "(built online) if it will not stay the primary key; on PostgreSQL swap the key in one statement (ALTER TABLE "
                + table + " DROP CONSTRAINT <pkey>, ADD PRIMARY KEY (...)), which keeps a unique index on the old columns "
                + "until contract. Never leave the table without a key";
    }
}
