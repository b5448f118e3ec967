package dev.pitstop.internal.check;

import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.parse.ParsedStatement;
import java.util.List;
import java.util.Set;

/**
 * What the connected database holds now: its schema (introspected, so the checker judges tables that predate
 * Pitstop as they are), its data for the data checks ({@code unique-on-duplicates}, {@code not-null-on-nulls}),
 * and what the dialect can run online there ({@code not-online-on-server}). Offline it is {@link #NONE}, which
 * knows no table, so those rules say nothing.
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

        @Override
        public long rowsUpTo(String table, int limit) {
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

    /** The table's rows, counted up to {@code limit}. */
    long rowsUpTo(String table, int limit);

    /**
     * The live schema: every base table of the current schema but Pitstop's own (state tables and the helpers of a
     * run), with its columns and keys, and the enum types; {@link Schema#EMPTY} offline.
     */
    default Schema schema() {
        return Schema.EMPTY;
    }

    /**
     * Why the dialect cannot run the statement online on the connected server as its tables stand now (the
     * refusal {@code migrate} would stop at: a clause this server version has no online form for, a key or
     * dependent that rules the online form out), or null when it can or when offline.
     */
    default String onlineRefusal(String file, ParsedStatement statement) {
        return null;
    }

    /** The connected server, for messages ("MariaDB 10.11"). */
    default String server() {
        return "the database";
    }

    /**
     * A data check the server could not answer (a missing privilege, a statement timeout, a lost connection); not a
     * lock wait, which the caller reports with the way out of its own. The message names the table and the cause.
     */
    final class Unreadable extends RuntimeException {
        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The same data, but the given tables (names as {@link Names} keys them)
     * count as absent: a table an earlier pending statement creates (or renames into place) is not the live one, and one it
     * UPDATEs or DELETEs from no longer holds the data it holds now.
     */
    default LiveData except(Set<String> tables) {
        return new Forwarding(this) {
            @Override
            public boolean tableExists(String table) {
                return !tables.contains(Names.of(table)) && super.tableExists(table);
            }
        };
    }

    /**
     * The same data, but no {@link #onlineRefusal}: for a statement on a table an earlier pending statement changes,
     * whose shape the live catalog no longer tells ({@code migrate} asks again when it gets there).
     */
    default LiveData withoutOnlineCheck() {
        return new Forwarding(this) {
            @Override
            public String onlineRefusal(String file, ParsedStatement statement) {
                return null;
            }
        };
    }

    /** Answers everything as {@code live} does; subclasses change one answer. */
    class Forwarding implements LiveData {
        private final LiveData live;

        public Forwarding(LiveData live) {
            this.live = live;
        }

        @Override
        public boolean tableExists(String table) {
            return live.tableExists(table);
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

        @Override
        public long rowsUpTo(String table, int limit) {
            return live.rowsUpTo(table, limit);
        }

        @Override
        public Schema schema() {
            return live.schema();
        }

        @Override
        public String onlineRefusal(String file, ParsedStatement statement) {
            return live.onlineRefusal(file, statement);
        }

        @Override
        public String server() {
            return live.server();
        }
    }
}
