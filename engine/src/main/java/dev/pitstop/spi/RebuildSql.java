package dev.pitstop.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The SQL of the online table rebuild (DESIGN.md §3): a shadow table in the new shape kept in sync by
 * triggers, a keyset-chunked copy, tombstones that undo rows the copy resurrected, a checksum
 * comparison in one snapshot, and a swap under a bounded lock. Queries return rows the engine reads by
 * the column names documented on each method.
 */
public interface RebuildSql {

    /**
     * What {@code plan} shows for a stage of the rebuild of {@code table} (PREPARE, COPY, VERIFY, CUT_OVER,
     * DROP_OLD): the shape of the SQL it will run, as an SQL comment.
     */
    Sql preview(String stage, String table);

    /**
     * True when {@link #reconcile} runs in READ COMMITTED (its statements take the locks they need
     * themselves), false for REPEATABLE READ, where it fails rather than act on a row changed since its
     * snapshot.
     */
    default boolean reconcilesInReadCommitted() {
        return false;
    }

    /**
     * The start of the names of a rebuild's helper tables and triggers, followed by {@code new}, {@code old},
     * {@code del}, {@code mis}, {@code bmis}, {@code sync} and {@code back_sync}: by default
     * {@code _<table>__pitstop_}, the table's name shortened past 40 characters.
     */
    default String helperPrefix(String table) {
        String stem = table.length() > 40 ? table.substring(0, 32) + Integer.toHexString(table.hashCode()) : table;
        return "_" + stem + "__pitstop_";
    }

    /**
     * The whole change made in place when the server can do it without copying the table (MariaDB
     * {@code ALGORITHM=INSTANT}: a longer VARCHAR, an ENUM value appended, a new default), tried before
     * the shadow is created; empty when the dialect always rebuilds. The server's refusal must not reach
     * the client as an error: connection pools close a connection on some (HikariCP on SQLSTATE 0A000).
     */
    default java.util.Optional<Sql> inPlace(RebuildSpec spec) {
        return inPlace(spec, false);
    }

    /**
     * {@link #inPlace(RebuildSpec)}; {@code again} when an earlier attempt may have committed before its run
     * was stopped: a clause that finds its work done (a column already added) then counts as made in place.
     */
    default java.util.Optional<Sql> inPlace(RebuildSpec spec, boolean again) {
        return java.util.Optional.empty();
    }

    /** After {@link #inPlace}: one row, one number, 1 when the change was made in place, else 0 (nothing changed). */
    default Sql inPlaceResult() {
        throw new UnsupportedOperationException("inPlaceResult");
    }

    /** A catalog name quoted for SQL. */
    String quote(String name);

    /** An original row's value converted to {@code type} as written, e.g. {@code CAST(value AS bigint)}. */
    String conversion(String value, String type);

    /** The ALTER TABLE clause that changes a column of the shadow to {@code type} through {@code conversion}. */
    String columnTypeChange(String quotedColumn, String type, String conversion);

    /**
     * True when {@link #copyChunk} cannot return the last key it copied (MySQL has no INSERT ... RETURNING):
     * the copy then reads the chunk's end with {@link #rangeEnd}, whose row also has the number of keys
     * in the range as {@code n}, and copies it with {@link #copyRange}.
     */
    default boolean copiesByRange() {
        return false;
    }

    /**
     * When present (a key of one integer column), one row with the key's smallest and largest value as
     * text, {@code lo} and {@code hi} (null for an empty table): the copy then takes spans of key values
     * with {@link #copyRange}, with no query for each chunk's end.
     */
    default java.util.Optional<Sql> keySpan(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /** Copies the rows in (after, upto] (after null: from the start), when {@link #copiesByRange}. */
    default Sql copyRange(RebuildSpec spec, List<String> after, List<String> upto) {
        throw new UnsupportedOperationException("copyRange");
    }

    /**
     * When present, run before {@link #copyRange}: the keys ({@code k1}, ...) of rows in (after, upto] that
     * are in the shadow already (the sync trigger wrote them), at most {@code limit + 1}; the copy then
     * leaves out up to {@code limit} of them by value ({@link #copyRange(RebuildSpec, List, List, List)}).
     */
    default java.util.Optional<Sql> alreadyCopied(RebuildSpec spec, List<String> after, List<String> upto, int limit) {
        return java.util.Optional.empty();
    }

    /** {@link #copyRange} leaving out the rows with these keys (values as text, in key order). */
    default Sql copyRange(RebuildSpec spec, List<String> after, List<String> upto, List<List<String>> skip) {
        return copyRange(spec, after, upto);
    }

    /**
     * Run after every copy statement when present: rows (columns {@code Level}, {@code Code},
     * {@code Message}) describe values the server changed on the way (truncated, rounded); any row fails
     * the copy, so no value is changed silently.
     */
    default java.util.Optional<Sql> copyWarnings() {
        return java.util.Optional.empty();
    }

    /**
     * True when the cut-over also installs the way-back trigger ({@link #installSync} with a reverse
     * spec), so the old table stays current and abort can swap it back after the cut-over.
     */
    default boolean keepsOldTableInSync() {
        return true;
    }

    /** The key to copy by: columns {@code name}, {@code type}, in key order; the primary key, else the narrowest NOT NULL unique key. */
    Sql key(String table);

    /** All columns in order: {@code name}, {@code type}. */
    Sql columns(String table);

    /** One row per cost of the rebuild on this server worth a warning in the log, column 1 (readable); none by default. */
    default java.util.Optional<Sql> cautions(String table) {
        return java.util.Optional.empty();
    }

    /**
     * Statements (column {@code ddl}) run after {@link #installSync} in PREPARE that copy the user's
     * triggers onto the shadow, where the swap does not move them itself (MySQL); none by default.
     */
    default java.util.Optional<Sql> cloneUserTriggers(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /**
     * Statements (column {@code ddl}) run right after the swap and again at contract, under
     * {@link #lockTables}, that give the copied triggers their names back; none by default.
     */
    default java.util.Optional<Sql> restoreUserTriggerNames(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /**
     * True when the way-back trigger ({@link #installSync} with the reverse spec) is created on the shadow
     * before the swap, under its pre-swap name ({@link RebuildSpec#old()} of the reverse spec), because the
     * swap is a statement of its own (MySQL RENAME); false when it is created on the table in the swap's
     * transaction. Created early, it must skip Pitstop's own writes into the shadow.
     */
    default boolean installsWayBackBeforeSwap() {
        return false;
    }

    /**
     * Statements (column {@code ddl}) run under {@link #lockTables} of the table before a swap (MySQL): each
     * user trigger of {@code spec.table()} is replaced by the guarded copy on {@code spec.shadow()}, so that
     * once the table moves out, the way-back writes into it do not fire the user's triggers a second time;
     * none by default.
     */
    default java.util.Optional<Sql> guardUserTriggers(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /**
     * Statements (column {@code ddl}) that point the child foreign keys which followed the table moving out
     * ({@code spec.old()}) at {@code spec.table()} again, each one statement that adds the new constraint and
     * drops the old one, run with {@link #foreignKeyChecks} off; none by default (PostgreSQL re-creates them
     * in the swap's transaction).
     */
    default java.util.Optional<Sql> repointForeignKeys(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /** Turns the session's checking of foreign keys off (so adding one copies nothing) or on again. */
    default Sql foreignKeyChecks(boolean on) {
        throw new UnsupportedOperationException("foreignKeyChecks");
    }

    /** Locks tables for a few statements that must not let a write in between (MySQL LOCK TABLES). */
    default java.util.Optional<Sql> lockTables(List<String> tables) {
        return java.util.Optional.empty();
    }

    /**
     * Run in PREPARE once the changes are applied to the shadow: one row per reason the two tables would
     * not match rows the same way (column 1, readable); none by default.
     */
    default java.util.Optional<Sql> shadowProblems(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /** Ends {@link #lockTables}. */
    default Sql unlockTables() {
        throw new UnsupportedOperationException("unlockTables");
    }

    /** One row per problem that stops a rebuild of this table, column {@code problem} (readable). */
    Sql obstacles(String table);

    /** Creates the shadow, applies the changes to it and creates the tombstone table. */
    List<Sql> createShadow(RebuildSpec spec);

    /**
     * The trigger functions and triggers (row changes and TRUNCATE), enabled ALWAYS so replication apply
     * workers fire them too; they take a brief table lock: run under the lock timeout.
     */
    List<Sql> installSync(RebuildSpec spec);

    /** Removes the trigger and everything the rebuild created, whatever exists: used to start over and by abort. */
    List<Sql> dropAll(RebuildSpec spec);

    /**
     * Copies the next chunk after the key values {@code after} (null for the first chunk), at most
     * {@code limit} rows. One row: {@code copied} (rows read), then the last key's values as text
     * in key order ({@code k1}, {@code k2}, ...), null when nothing was left.
     */
    Sql copyChunk(RebuildSpec spec, List<String> after, int limit);

    /**
     * Statements (column {@code ddl}) building the original's other indexes on the shadow without
     * blocking writes; only those not built yet.
     */
    Sql secondaryIndexes(RebuildSpec spec);

    /** Statements (column {@code ddl}) dropping indexes of the shadow that a failed build left invalid. */
    Sql invalidIndexes(RebuildSpec spec);

    /** One row, one number: sessions whose transaction began before the instant. */
    Sql transactionsOlderThan(Instant instant);

    /** One row: the server's current time. */
    Sql now();

    /**
     * Deletes from the shadow the rows whose key was tombstoned and no longer exists in the original, and
     * clears those tombstones; the statements run in one transaction, the last one's update count is the
     * number of rows removed.
     */
    List<Sql> reconcile(RebuildSpec spec);

    /**
     * The upper key of the next range of at most {@code size} keys after {@code after} (null: from the
     * start), for verification and data backfills: one row with the key's values as text ({@code k1}, ...)
     * and how many keys the range holds ({@code n}; fewer than {@code size}: it is the last); no row when
     * none remain.
     */
    Sql rangeEnd(RebuildSpec spec, List<String> after, int size);

    /**
     * Count and hash of the rows in (after, upto] (null bounds: open) computed from the original with
     * the change applied: columns {@code n}, {@code hash}.
     */
    Sql checksumOriginal(RebuildSpec spec, List<String> after, List<String> upto);

    /** The same over the shadow. */
    Sql checksumShadow(RebuildSpec spec, List<String> after, List<String> upto);

    /** Sessions that hold or wait for a lock on the table: one readable line each, column {@code blocker}. */
    Sql blockers(String table);

    /**
     * Statements run first inside the cut-over (or swap-back) transaction: lock the child tables first (an
     * application writing a child locks it before it checks the parent), then both tables.
     */
    List<Sql> lockForCutOver(RebuildSpec spec, Duration lockTimeout, List<String> children);

    /**
     * Under the lock of a cut-over or swap back: keys (column 1, as text) of rows of the table that the
     * other one ({@code shadow}) lacks because they did not fit its shape; at most a few.
     */
    Sql misfits(RebuildSpec spec);

    /** Tables with foreign keys onto this one, as names ready for SQL; column 1. */
    Sql childTables(String table);

    /**
     * Queries run inside the cut-over transaction before the renames, each returning statements (column
     * {@code ddl}) to run after the swap: the table's own foreign keys (created on the new table only now,
     * so that rows the copy resurrected never block the application's deletes of parents) and child
     * foreign keys re-pointed at the new table, all NOT VALID.
     */
    List<Sql> beforeSwap(RebuildSpec spec);

    /**
     * Queries run inside the cut-over transaction, each returning statements to run (column {@code ddl})
     * after the renames, e.g. index renames, sequence ownership, grants, user triggers.
     */
    List<Sql> carryOver(RebuildSpec spec);

    /**
     * The renames of the swap (table to old, shadow to table), and the sync trigger dropped from the table
     * moving out. With the spec of the way back, the same statements swap back.
     */
    List<Sql> swap(RebuildSpec spec);

    /**
     * After the swap: statements (column {@code ddl}) validating the foreign keys of and onto the table
     * that were created NOT VALID; validation does not block writes.
     */
    Sql validateForeignKeys(String table);

    /** CONTRACT: drops the old table and the rebuild's helpers. */
    List<Sql> dropOld(RebuildSpec spec);

    /** One row, column {@code n}: the planner's estimate of the table's rows, for progress reports. */
    Sql estimatedRows(String table);

    /**
     * When the catalog has no estimate yet (a table never analysed): one row, column {@code n}, the span of
     * a single integer key ({@code max - min + 1}, read from its index), for progress reports. Empty for
     * other keys.
     */
    default java.util.Optional<Sql> rowsByKeyRange(RebuildSpec spec) {
        return java.util.Optional.empty();
    }

    /** Fresh statistics for the shadow before it serves queries. */
    Sql analyze(String table);

    /**
     * Bounds each statement of the copy session so that a chunk ends (and yields) before an application
     * transaction it blocks could run its deadlock check; restored with the lock timeout.
     */
    Sql statementTimeout(Duration timeout);

    /** True when a table of that name exists (used to tell before from after the swap). */
    Sql exists(String table);

    /**
     * One chunk of a data statement run as a backfill: {@code UPDATE table SET set WHERE (where) AND key in
     * (after, upto]} (null bounds: open; where null: every row). The key columns come from {@code keyed}'s
     * {@link RebuildSpec#key()} and table from its {@link RebuildSpec#table()}; set and where as the user wrote them.
     */
    Sql updateRange(RebuildSpec keyed, String set, String where, List<String> after, List<String> upto);

    /** One chunk of {@code DELETE FROM table WHERE (where) AND key in (after, upto]}, as {@link #updateRange}. */
    Sql deleteRange(RebuildSpec keyed, String where, List<String> after, List<String> upto);

    /**
     * The session of a data backfill: row-lock waits and each statement bounded as {@link #statementTimeout}
     * bounds the copy's, but its writes are the application's own: every trigger fires for them.
     */
    Sql dataChunkSession(Duration timeout);
}
