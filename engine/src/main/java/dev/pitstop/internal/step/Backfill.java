package dev.pitstop.internal.step;

/**
 * A data change run in BACKFILL as keyset chunks over the table's primary key, one short transaction per
 * chunk, its checkpoint committed in the same transaction as the chunk (so a killed run redoes no chunk
 * that committed). The runner ({@code internal.run.rebuild.ChunkedBackfill}) executes it.
 *
 * @param table the table as written
 * @param set the SET list of an UPDATE as written (e.g. {@code status = 'done', n = n + 1}); null for a DELETE
 * @param where the WHERE condition as written, null for every row
 * @param once a statement run whole in one transaction together with its checkpoint (an {@code INSERT ...
 *     VALUES}), so a killed run never runs it twice; null for a chunked change
 */
public record Backfill(String table, String set, String where, String once) {

    /** A chunked UPDATE (set given) or DELETE (set null). */
    public Backfill(String table, String set, String where) {
        this(table, set, where, null);
    }

    /** A statement run once, in one transaction with its checkpoint. */
    public static Backfill once(String table, String statement) {
        return new Backfill(table, null, null, statement);
    }

    public boolean delete() {
        return set == null && once == null;
    }
}
