package dev.pitstop.internal.check;

import dev.pitstop.internal.check.model.Names;
import java.util.List;
import java.util.Set;

/**
 * What the connected database holds now, for the data checks ({@code unique-on-duplicates},
 * {@code not-null-on-nulls}). Offline it is {@link #NONE}, which knows no table, so those rules say nothing.
 * Names are passed as written in the migration; the implementation normalises them the server's way. Every
 * answer is bounded: a few duplicate groups, a NULL count up to a limit.
 */
public interface LiveData {

    /** Offline: no table is known, so no data check runs. */
    LiveData NONE = new LiveData() {
        @Override
        public boolean tableExists(String table) {
            return false;
        }

        @Override
        public boolean columnExists(String table, String column) {
            return false;
        }

        @Override
        public List<Duplicate> duplicates(String table, List<String> columns) {
            return List.of();
        }

        @Override
        public long nulls(String table, String column) {
            return 0;
        }
    };

    /** How many duplicate groups a refusal names. */
    int DUPLICATES_SHOWN = 3;
    /** Where counting NULLs stops: a refusal says "at least" this many. */
    int NULLS_COUNTED = 1000;

    /** One value (or combination of values) the columns hold more than once, and in how many rows. */
    record Duplicate(List<String> values, long rows) {
        public Duplicate {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return (values.size() == 1 ? "'" + values.get(0) + "'"
                    : "(" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + ")") + " in " + rows + " rows";
        }
    }

    boolean tableExists(String table);

    boolean columnExists(String table, String column);

    /** Up to {@link #DUPLICATES_SHOWN} groups of values the columns hold more than once; NULLs never count. */
    List<Duplicate> duplicates(String table, List<String> columns);

    /** The rows whose column is NULL, counted up to {@link #NULLS_COUNTED}. */
    long nulls(String table, String column);

    /**
     * The same data, but the given tables (names as {@link Names} keys them)
     * count as absent: a table an earlier pending statement creates (or renames into place) is not the live one, and one it
     * UPDATEs or DELETEs from no longer holds the data it holds now.
     */
    default LiveData except(Set<String> tables) {
        LiveData live = this;
        return new LiveData() {
            @Override
            public boolean tableExists(String table) {
                return !tables.contains(Names.of(table)) && live.tableExists(table);
            }

            @Override
            public boolean columnExists(String table, String column) {
                return live.columnExists(table, column);
            }

            @Override
            public List<Duplicate> duplicates(String table, List<String> columns) {
                return live.duplicates(table, columns);
            }

            @Override
            public long nulls(String table, String column) {
                return live.nulls(table, column);
            }
        };
    }
}
