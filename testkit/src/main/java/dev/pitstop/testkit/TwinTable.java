package dev.pitstop.testkit;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape of the table a {@link TwinWorkload} writes to, and of its twin: their names and their
 * columns' names as written in SQL (quoted where they must be, in the dialect's quotes: {@code "Order Lines"}
 * on PostgreSQL, {@code `Order Lines`} on MySQL), and the key the workload matches rows by. Every row has an ordinal n; its key is computed from n by one SQL expression per key column, in
 * which {@value #N} stands for n. The same expressions fill a table ({@link #keyValues} over a
 * generate_series) and build the workload's statements (with n bound as a parameter), so the rows a test
 * creates and the rows the workload looks for cannot drift apart. The expressions are the test's SQL, so
 * they are written for the database under test (e.g. {@code MOD({n}, 8)} on MySQL).
 *
 * @param key the key columns; a primary key or any NOT NULL unique key
 * @param ordinal an SQL expression over the key columns that gives a row's n back
 * @param qty the number the workload's updates change (the column migrations usually change)
 * @param note a text column
 * @param totalCents another number
 */
public record TwinTable(String table, String twin, List<KeyColumn> key, String ordinal, String qty, String note,
                        String totalCents) {

    /** What stands for the ordinal in a key column's expression. */
    public static final String N = "{n}";

    /**
     * One key column.
     *
     * @param name as written in SQL
     * @param type its SQL type, e.g. {@code BIGINT}
     * @param valueOf the SQL expression of its value for ordinal {@value TwinTable#N}
     */
    public record KeyColumn(String name, String type, String valueOf) {
        public KeyColumn {
            if (!valueOf.contains(N)) {
                throw new IllegalArgumentException("the value of key column " + name + " must depend on " + N + ": "
                        + valueOf);
            }
        }

        String value(String n) {
            return valueOf.replace(N, n);
        }
    }

    public TwinTable {
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a twin table needs a key");
        }
    }

    /** {@code id BIGINT} is the key and the ordinal; the other columns are qty, note and total_cents. */
    public static TwinTable bigintId(String table, String twin) {
        return new TwinTable(table, twin, List.of(new KeyColumn("id", "BIGINT", N)), "id", "qty", "note", "total_cents");
    }

    public static KeyColumn keyColumn(String name, String type, String valueOf) {
        return new KeyColumn(name, type, valueOf);
    }

    /** The same columns, a different key. */
    public TwinTable withKey(String ordinal, KeyColumn... key) {
        return new TwinTable(table, twin, List.of(key), ordinal, qty, note, totalCents);
    }

    /** The same key and column names under other table names. */
    public TwinTable named(String table, String twin) {
        return new TwinTable(table, twin, key, ordinal, qty, note, totalCents);
    }

    /** The same key and tables, other names for qty, note and total_cents. */
    public TwinTable withColumns(String qty, String note, String totalCents) {
        return new TwinTable(table, twin, key, ordinal, qty, note, totalCents);
    }

    /** {@code region, id}. */
    public String keyColumns() {
        return key.stream().map(KeyColumn::name).collect(Collectors.joining(", "));
    }

    /** {@code region INT NOT NULL, id BIGINT NOT NULL}, for CREATE TABLE. */
    public String keyDefinitions() {
        return key.stream().map(k -> k.name() + " " + k.type() + " NOT NULL").collect(Collectors.joining(", "));
    }

    /** The key's values for ordinal {@code n}, an SQL expression: {@code (g % 8)::int, g} for {@code g}. */
    public String keyValues(String n) {
        return key.stream().map(k -> k.value(n)).collect(Collectors.joining(", "));
    }

    /** Every column the workload writes, key first: {@code region, id, qty, note, total_cents}. */
    public String columns() {
        return keyColumns() + ", " + qty + ", " + note + ", " + totalCents;
    }

    /** {@code region = (? % 8)::int AND id = ?}: the row whose ordinal is bound {@link #keyParameters} times. */
    String keyMatches() {
        // column by column: MariaDB scans the whole index for an UPDATE or DELETE matching a row constructor
        return key.stream().map(k -> k.name() + " = " + k.value("?")).collect(Collectors.joining(" AND "));
    }

    /** {@code region = (? % 8)::int, id = ?}: sets the key to that of the ordinal bound {@link #keyParameters} times. */
    String keyAssignments() {
        return key.stream().map(k -> k.name() + " = " + k.value("?")).collect(Collectors.joining(", "));
    }

    /** How often the ordinal is bound in {@link #keyValues keyValues("?")}. */
    int keyParameters() {
        return key.stream().mapToInt(k -> k.valueOf().split(Pattern.quote(N), -1).length - 1).sum();
    }
}
