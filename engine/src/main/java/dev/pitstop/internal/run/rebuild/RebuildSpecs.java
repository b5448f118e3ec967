package dev.pitstop.internal.run.rebuild;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.step.Rebuild;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import dev.pitstop.spi.RebuildSpec.RebuiltColumn;
import dev.pitstop.spi.RebuildSql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The {@link RebuildSpec}s of one rebuild: the names it uses (no catalog reads), and the full spec of
 * either direction read from the catalog of the table in the original shape. Refuses, before anything
 * is created, a key that cannot match rows.
 */
final class RebuildSpecs {
    /** Approximate types (PostgreSQL, MySQL spellings): their values cannot match rows exactly. */
    private static final Set<String> FLOAT_TYPES = Set.of("real", "double", "float");
    /** MySQL types whose order (by ordinal or bits) differs from their text, so key ranges would skip rows. */
    private static final Set<String> UNORDERED_TYPES = Set.of("enum", "set", "bit");

    private final Handle handle;
    private final Dialect dialect;
    private final RebuildSql sql;

    RebuildSpecs(Handle handle, Dialect dialect, RebuildSql sql) {
        this.handle = handle;
        this.dialect = dialect;
        this.sql = sql;
    }

    /** The names a rebuild of this table uses; no catalog reads. */
    RebuildSpec names(Rebuild rebuild) {
        String table = tableName(rebuild.table());
        String p = sql.helperPrefix(table);
        return new RebuildSpec(table, p + "new", p + "old", p + "del", p + "mis", p + "sync", "pitstop_sync",
                List.of(), List.of(), List.of(), false);
    }

    /**
     * The names of the way back, after the cut-over: the table (new shape) is synced into the old one; a
     * swap back renames the old one to the table and the table to the shadow's name.
     */
    static RebuildSpec backNames(RebuildSpec names) {
        String p = names.syncFunction().substring(0, names.syncFunction().length() - "sync".length());
        return new RebuildSpec(names.table(), names.old(), names.shadow(), names.tombstones(), p + "bmis",
                p + "back_sync", names.syncTrigger(), List.of(), List.of(), List.of(), true);
    }

    /**
     * The way back of a full spec: every converted column is converted back to its original type, and must
     * come back unchanged through the way forth ({@link RebuiltColumn#checkExpression}).
     */
    RebuildSpec back(RebuildSpec forth) {
        RebuildSpec names = backNames(forth);
        Map<String, String> originalTypes = new HashMap<>();
        for (Map<String, Object> col : Handles.query(handle, sql.columns(names.shadow())).mapToMap().list()) {
            originalTypes.put((String) col.get("name"), (String) col.get("type"));
        }
        if (originalTypes.isEmpty()) {
            // before the cut-over the original still has its name
            for (Map<String, Object> col : Handles.query(handle, sql.columns(forth.table())).mapToMap().list()) {
                originalTypes.put((String) col.get("name"), (String) col.get("type"));
            }
        }
        List<RebuiltColumn> columns = new ArrayList<>();
        for (RebuiltColumn c : forth.columns()) {
            String quoted = sql.quote(c.name());
            columns.add(c.converted() ? new RebuiltColumn(c.name(), quoted, c.checkExpression(), originalTypes.get(c.name()))
                    : c);
        }
        return new RebuildSpec(names.table(), names.shadow(), names.old(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), forth.key(), columns, List.of(), true);
    }

    /**
     * The names with the clauses the statement adds as written (MySQL's MODIFY and ADD COLUMN), no catalog
     * reads: enough to try the change in place.
     */
    RebuildSpec changesOnly(Rebuild rebuild) {
        RebuildSpec names = names(rebuild);
        return new RebuildSpec(names.table(), names.shadow(), names.old(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), List.of(), List.of(),
                rebuild.additions() == null || !rebuild.changes().isEmpty() ? List.of() : List.of(rebuild.additions()), false);
    }

    /** The full spec, read from the original table's catalog entries. */
    RebuildSpec spec(Rebuild rebuild) {
        return spec(rebuild, names(rebuild).table());
    }

    /** The full spec, read from the catalog entries of the table in the original shape (renamed after the cut-over). */
    RebuildSpec spec(Rebuild rebuild, String original) {
        RebuildSpec names = names(rebuild);
        String table = names.table();
        List<KeyColumn> key = Handles.query(handle, sql.key(original))
                .map((rs, ctx) -> new KeyColumn(rs.getString("name"), rs.getString("type"))).list();
        if (key.isEmpty()) {
            throw notYet(table, "it has no primary key and no NOT NULL unique key to match rows by; add one first");
        }
        for (KeyColumn k : key) {
            String base = k.type().replaceAll("[ (].*$", "").toLowerCase(Locale.ROOT);
            if (UNORDERED_TYPES.contains(base)) {
                throw notYet(table, "its key column " + k.name() + " is " + k.type() + ", whose order differs from its text");
            }
            if (FLOAT_TYPES.contains(base)) {
                throw notYet(table, "its key column " + k.name() + " is " + k.type() + ", which cannot match rows exactly");
            }
        }
        List<String> changes = new ArrayList<>();
        Map<String, TypeChange> byColumn = new HashMap<>();
        for (TypeChange c : rebuild.changes()) {
            String column = dialect.normalizeIdentifier(c.column());
            byColumn.put(column, c);
            if (c.using() != null && key.stream().anyMatch(k -> k.name().equals(column))) {
                throw notYet(table, "the change rewrites the key column " + column + " with USING " + c.using()
                        + ", so old and new rows could not be matched");
            }
        }
        List<RebuiltColumn> columns = new ArrayList<>();
        // a column whose type the changes altered without a conversion of Pitstop's (MySQL MODIFY): the
        // server converts on assignment, and the checksums leave it out (its text differs by design)
        Map<String, String> shadowTypes = new HashMap<>();
        if (!original.equals(names.old())) {
            for (Map<String, Object> col : Handles.query(handle, sql.columns(names.shadow())).mapToMap().list()) {
                shadowTypes.put((String) col.get("name"), (String) col.get("type"));
            }
        }
        for (Map<String, Object> col : Handles.query(handle, sql.columns(original)).mapToMap().list()) {
            String name = (String) col.get("name");
            TypeChange change = byColumn.get(name);
            String quoted = sql.quote(name);
            String shadowType = shadowTypes.get(name);
            if (change == null && shadowType != null && !shadowType.equals(col.get("type"))) {
                columns.add(new RebuiltColumn(name, quoted, null, shadowType));
            } else if (change == null) {
                columns.add(new RebuiltColumn(name, quoted, quoted, null));
            } else {
                String value = change.using() != null ? "(" + change.using() + ")" : quoted;
                String converted = sql.conversion(value, change.type());
                columns.add(new RebuiltColumn(name, value, converted, change.type()));
                changes.add(sql.columnTypeChange(quoted, change.type(), converted));
            }
        }
        if (rebuild.additions() != null) {
            changes.add(rebuild.additions());
        }
        for (String column : byColumn.keySet()) {
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "column " + column + " of " + table + " does not exist");
            }
        }
        return new RebuildSpec(table, names.shadow(), names.old(), names.tombstones(), names.misfits(),
                names.syncFunction(), names.syncTrigger(), key, columns, changes, false);
    }

    private String tableName(String written) {
        return dialect.normalizeIdentifier(Identifiers.unqualified(written));
    }

    static PitstopException notYet(String table, String why) {
        return new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot rebuild " + table + " online: " + why
                + ". Nothing was created.");
    }
}
