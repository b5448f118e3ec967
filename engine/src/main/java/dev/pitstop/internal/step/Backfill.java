package dev.pitstop.internal.step;

/**
 * A data change run in BACKFILL as keyset chunks over the table's primary key, one short transaction per
 * chunk, its checkpoint committed in the same transaction as the chunk (so a killed run redoes no chunk
 * that committed). The runner ({@code internal.run.rebuild.ChunkedBackfill}) executes it.
 *
 * @param table the table as written
 * @param set the SET list of an UPDATE as written (e.g. {@code status = 'done', n = n + 1}); null for a DELETE
 * @param where the WHERE condition as written, null for every row
 */
public record Backfill(String table, String set, String where) {

    public boolean delete() {
        return set == null;
    }
}
