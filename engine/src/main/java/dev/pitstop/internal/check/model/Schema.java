package dev.pitstop.internal.check.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The offline schema model the compatibility checker replays migration files into: tables and
 * PostgreSQL enum types, keyed by {@link Names normalised} name. Immutable; every change returns a new
 * schema, so the checker keeps the schema before a migration and the one before each statement side by side.
 */
public record Schema(Map<String, Table> tables, Map<String, List<String>> enums) {

    public static final Schema EMPTY = new Schema(Map.of(), Map.of());

    public Schema {
        tables = Collections.unmodifiableMap(new HashMap<>(tables));
        enums = Collections.unmodifiableMap(new HashMap<>(enums));
    }

    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Optional<Column> column(String table, String column) {
        return table(table).flatMap(t -> t.column(column));
    }

    /** The values of a PostgreSQL enum type, or empty when the model has no such type. */
    public Optional<List<String>> enumValues(String type) {
        return Optional.ofNullable(enums.get(type));
    }

    public Schema withTable(Table table) {
        Map<String, Table> copy = new HashMap<>(tables);
        copy.put(table.name(), table);
        return new Schema(copy, enums);
    }

    public Schema without(String table) {
        Map<String, Table> copy = new HashMap<>(tables);
        copy.remove(table);
        return new Schema(copy, enums);
    }

    /** Changes a table; one the model does not know is taken as {@link Table#partial} first. */
    public Schema changing(String table, UnaryOperator<Table> change) {
        return withTable(change.apply(tables.getOrDefault(table, Table.partial(table))));
    }

    public Schema withEnum(String type, List<String> values) {
        Map<String, List<String>> copy = new HashMap<>(enums);
        copy.put(type, List.copyOf(values));
        return new Schema(tables, copy);
    }
}
