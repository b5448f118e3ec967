package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LiveData} for rule tests: the users table with the duplicates and NULL counts a test gives it. */
final class FakeLiveData implements LiveData {
    private final Map<String, List<Duplicate>> duplicates = new HashMap<>();
    private final Map<String, Long> nulls = new HashMap<>();
    private long rows;
    private String unreadable;
    private String onlineRefusal;
    private Schema schema = Schema.EMPTY;

    FakeLiveData rows(long count) {
        rows = count;
        return this;
    }

    /** Every data check fails with this cause, as a server that denies SELECT does. */
    FakeLiveData unreadable(String cause) {
        unreadable = cause;
        return this;
    }

    /** What the dialect would refuse of any statement on the users table. */
    FakeLiveData onlineRefusal(String why) {
        onlineRefusal = why;
        return this;
    }

    FakeLiveData schema(Schema live) {
        schema = live;
        return this;
    }

    FakeLiveData duplicates(String columns, Duplicate... found) {
        duplicates.put(columns, List.of(found));
        return this;
    }

    FakeLiveData nulls(String column, long count) {
        nulls.put(column, count);
        return this;
    }

    @Override
    public boolean tableExists(String table) {
        return Names.of(table).equals("users");
    }

    @Override
    public boolean columnExists(String table, String column) {
        return tableExists(table);
    }

    @Override
    public List<Duplicate> duplicates(String table, List<String> columns) {
        failIfUnreadable(table);
        return duplicates.getOrDefault(String.join(",", columns.stream().map(Names::of).toList()), List.of());
    }

    @Override
    public long nulls(String table, String column) {
        failIfUnreadable(table);
        return nulls.getOrDefault(Names.of(column), 0L);
    }

    @Override
    public long rowsUpTo(String table, int limit) {
        failIfUnreadable(table);
        return Math.min(rows, limit);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public String onlineRefusal(String file, ParsedStatement statement) {
        return onlineRefusal;
    }

    @Override
    public String server() {
        return "MariaDB 10.11";
    }

    private void failIfUnreadable(String table) {
        if (unreadable != null) {
            throw new Unreadable("could not read " + table + " on MariaDB 10.11: " + unreadable, null);
        }
    }
}
