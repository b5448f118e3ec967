package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.model.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LiveData} for rule tests: the users table with the duplicates and NULL counts a test gives it. */
final class FakeLiveData implements LiveData {
    private final Map<String, List<Duplicate>> duplicates = new HashMap<>();
    private final Map<String, Long> nulls = new HashMap<>();

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
        return duplicates.getOrDefault(String.join(",", columns.stream().map(Names::of).toList()), List.of());
    }

    @Override
    public long nulls(String table, String column) {
        return nulls.getOrDefault(Names.of(column), 0L);
    }
}
