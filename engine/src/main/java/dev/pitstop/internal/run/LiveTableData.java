package dev.pitstop.internal.run;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.ColumnType;
import dev.pitstop.internal.check.model.Key;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.plan.Planner;
import dev.pitstop.internal.step.Step;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.ParserFlavor;
import dev.pitstop.spi.Sql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * {@link LiveData} answered by the server, for the checker. Every query is the dialect's: the data checks
 * ({@code CatalogSql.duplicates}, {@code nulls}, {@code rowsUpTo}) are plain reads bounded by a LIMIT, with no row
 * locks and no writes; the schema is read once from the catalog. A data check the server cannot answer becomes
 * {@link LiveData.Unreadable} naming the table; a lock wait is left to the caller, which knows its timeout.
 */
final class LiveTableData implements LiveData {
    private final Handle handle;
    private final LiveCatalog catalog;
    private final Dialect dialect;
    private final Planner planner;
    private final Set<String> onlineChecked;
    private Schema schema;

    /** @param onlineChecked the files whose statements {@link #onlineRefusal} answers for; none for others */
    LiveTableData(Handle handle, Dialect dialect, Set<String> onlineChecked) {
        this.handle = handle;
        this.catalog = new LiveCatalog(handle, dialect);
        this.dialect = dialect;
        this.planner = new Planner(dialect.parserFlavor());
        this.onlineChecked = Set.copyOf(onlineChecked);
    }

    @Override
    public boolean tableExists(String table) {
        return catalog.tableExists(table) && !catalog.isView(catalog.normalize(table));
    }

    @Override
    public boolean columnExists(String table, String column) {
        return catalog.columnExists(table, column);
    }

    @Override
    public List<Duplicate> duplicates(String table, List<String> columns) {
        List<String> names = columns.stream().map(catalog::normalize).toList();
        return read("look for duplicates of (" + String.join(", ", columns) + ") in " + table, () ->
                Handles.query(handle, dialect.catalog().duplicates(catalog.normalize(table), names, DUPLICATES_SHOWN))
                        .map((rs, ctx) -> {
                            List<String> values = new ArrayList<>();
                            for (int i = 1; i <= names.size(); i++) {
                                values.add(rs.getString(i));
                            }
                            return new Duplicate(values, rs.getLong(names.size() + 1));
                        }).list());
    }

    @Override
    public long nulls(String table, String column) {
        return read("count the NULLs of " + table + "." + column, () -> Handles.query(handle,
                dialect.catalog().nulls(catalog.normalize(table), catalog.normalize(column), NULLS_COUNTED))
                .map((rs, ctx) -> rs.getLong(1)).one());
    }

    @Override
    public long rowsUpTo(String table, int limit) {
        return read("count the rows of " + table, () -> Handles.query(handle,
                dialect.catalog().rowsUpTo(catalog.normalize(table), limit)).map((rs, ctx) -> rs.getLong(1)).one());
    }

    @Override
    public String server() {
        return dialect.describe();
    }

    /**
     * Asks the step the statement plans to, as {@code migrate} will: can the dialect put it in its online form
     * here (this server version), and does the live table allow it (key, dependents)?
     */
    @Override
    public String onlineRefusal(String file, ParsedStatement statement) {
        if (!onlineChecked.contains(file)) {
            return null;
        }
        Step step;
        try {
            step = planner.step(file, statement);
        } catch (PitstopException e) {
            return null; // the planner's own refusal is reported by unplanned-statement
        }
        try {
            step.actions(dialect);
            // as plan and migrate do: the step the live schema turns it into (a type change that rewrites becomes a
            // rebuild), then that step's refusal
            Step resolved = step.resolve(catalog, dialect, null);
            resolved.actions(dialect);
            return resolved.refusal(catalog, dialect);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (PitstopException e) {
            if (e.code() != ErrorCode.NOT_SUPPORTED_YET) {
                throw e;
            }
            return e.getMessage();
        }
    }

    /** Read once: base tables, their columns and keys, and the enum types; Pitstop's own tables left out. */
    @Override
    public Schema schema() {
        if (schema == null) {
            schema = readSchema();
        }
        return schema;
    }

    private Schema readSchema() {
        boolean mysql = dialect.parserFlavor() == ParserFlavor.MYSQL;
        Map<String, List<String>> enums = new LinkedHashMap<>();
        Sql enumTypes = dialect.catalog().enumTypes();
        if (enumTypes != null) {
            Handles.query(handle, enumTypes).mapToMap().forEach(row -> enums
                    .computeIfAbsent(Names.of(String.valueOf(row.get("name"))), k -> new ArrayList<>())
                    .add(String.valueOf(row.get("value"))));
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        Handles.query(handle, dialect.catalog().schemaColumns()).mapToMap().forEach(row -> {
            String table = Names.of(String.valueOf(row.get("tbl")));
            if (pitstopsOwn(table)) {
                return;
            }
            String type = String.valueOf(row.get("type"));
            Object dflt = row.get("dflt");
            Column column = new Column(Names.of(String.valueOf(row.get("col"))),
                    ColumnType.parse(type, mysql, enums::get), type, truth(row.get("not_null")),
                    dflt == null ? null : dflt.toString(), truth(row.get("generates")));
            tables.put(table, tables.getOrDefault(table, new Table(table, Map.of(), List.of(), false)).withColumn(column));
        });
        Map<String, Key> keys = new LinkedHashMap<>();
        Map<String, Boolean> overExpressions = new LinkedHashMap<>();
        Handles.query(handle, dialect.catalog().schemaKeys()).mapToMap().forEach(row -> {
            String table = Names.of(String.valueOf(row.get("tbl")));
            String id = table + "\u0000" + row.get("name");
            Object col = row.get("col");
            if (col == null) {
                overExpressions.put(id, true);
                return;
            }
            Key key = keys.get(id);
            List<String> columns = new ArrayList<>(key == null ? List.of() : key.columns());
            columns.add(Names.of(col.toString()));
            keys.put(id, new Key(Names.of(String.valueOf(row.get("name"))),
                    Key.Kind.valueOf(String.valueOf(row.get("kind")).toUpperCase(Locale.ROOT)), columns));
        });
        keys.forEach((id, key) -> {
            String table = id.substring(0, id.indexOf('\u0000'));
            if (!overExpressions.containsKey(id) && tables.containsKey(table)) {
                tables.put(table, tables.get(table).withKey(key));
            }
        });
        return new Schema(tables, enums);
    }

    /** The state tables and a run's helpers ({@code _orders__pitstop_new}, {@code orders__pitstop_old}, ...). */
    private static boolean pitstopsOwn(String table) {
        return table.startsWith("pitstop_") || table.contains("__pitstop");
    }

    private static boolean truth(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        return value != null && (value.toString().equals("1") || value.toString().equalsIgnoreCase("true"));
    }

    private <T> T read(String what, Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            SQLException sql = Handles.sqlException(e);
            if (sql != null && dialect.isLockTimeout(sql)) {
                throw e;
            }
            throw new LiveData.Unreadable("could not " + what + " on " + dialect.describe() + ": " + Handles.cause(e), e);
        }
    }
}
