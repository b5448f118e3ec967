package dev.pitstop.internal.check.model;

import java.util.List;

/**
 * A primary key, unique key (constraint or index) or plain index of a table.
 *
 * @param name normalised; for an unnamed primary key {@code <table>_pkey}, PostgreSQL's own name
 * @param columns normalised column names, in key order
 */
public record Key(String name, Kind kind, List<String> columns) {

    /** What the key enforces. */
    public enum Kind { PRIMARY, UNIQUE, INDEX }

    public Key {
        columns = List.copyOf(columns);
    }

    /** Primary and unique keys: the ones a row can be found by. */
    public boolean unique() {
        return kind != Kind.INDEX;
    }
}
