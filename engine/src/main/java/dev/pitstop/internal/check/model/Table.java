package dev.pitstop.internal.check.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A table of the offline model: its columns in order and its keys. Immutable; every change returns a new
 * table.
 *
 * @param partial true when the table was never created by a migration file (it existed before Pitstop, or
 *     its CREATE is not in the locations): only what the files did to it is known
 */
public record Table(String name, Map<String, Column> columns, List<Key> keys, boolean partial) {

    public Table {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        keys = List.copyOf(keys);
    }

    public static Table partial(String name) {
        return new Table(name, Map.of(), List.of(), true);
    }

    public Optional<Column> column(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    public Optional<Key> primaryKey() {
        return keys.stream().filter(k -> k.kind() == Key.Kind.PRIMARY).findFirst();
    }

    public Table withName(String newName) {
        return new Table(newName, columns, keys, partial);
    }

    /** Adds the column at the end, or replaces the one of that name in place. */
    public Table withColumn(Column column) {
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        copy.put(column.name(), column);
        return new Table(name, copy, keys, partial);
    }

    /** Changes a column; a column the model does not know is added as {@link Column#unknown} first. */
    public Table changing(String column, UnaryOperator<Column> change) {
        return withColumn(change.apply(columns.getOrDefault(column, Column.unknown(column))));
    }

    /** Drops the column and every key over it (as both databases do for a single-column key). */
    public Table withoutColumn(String column) {
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        copy.remove(column);
        return new Table(name, copy, keys.stream().filter(k -> !k.columns().contains(column)).toList(), partial);
    }

    public Table renamingColumn(String from, String to) {
        Map<String, Column> copy = new LinkedHashMap<>();
        columns.forEach((n, c) -> copy.put(n.equals(from) ? to : n, n.equals(from) ? c.withName(to) : c));
        List<Key> renamed = keys.stream().map(k -> new Key(k.name(), k.kind(),
                k.columns().stream().map(c -> c.equals(from) ? to : c).toList())).toList();
        return new Table(name, copy, renamed, partial);
    }

    /** Adds a key; a primary key's columns become NOT NULL, as both databases make them. */
    public Table withKey(Key key) {
        List<Key> copy = new ArrayList<>(keys);
        copy.removeIf(k -> k.name().equals(key.name()) || key.kind() == Key.Kind.PRIMARY && k.kind() == Key.Kind.PRIMARY);
        copy.add(key);
        Table t = new Table(name, columns, copy, partial);
        if (key.kind() == Key.Kind.PRIMARY) {
            for (String c : key.columns()) {
                t = t.changing(c, col -> col.withNotNull(true));
            }
        }
        return t;
    }

    public Table withoutKey(String keyName) {
        return new Table(name, columns, keys.stream().filter(k -> !k.name().equals(keyName)).toList(), partial);
    }

    public Table withoutPrimaryKey() {
        return new Table(name, columns, keys.stream().filter(k -> k.kind() != Key.Kind.PRIMARY).toList(), partial);
    }
}
