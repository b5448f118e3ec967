package dev.pitstop.spi;

import java.util.List;

/**
 * Everything a dialect needs to write the SQL of one online table rebuild. Names are catalog names
 * (unquoted, as stored); the dialect quotes them.
 *
 * @param table the table being rebuilt
 * @param shadow the new-shape copy, {@code _<table>__pitstop_new}
 * @param old the name the original takes at cut-over, {@code _<table>__pitstop_old}
 * @param tombstones keys deleted while the copy runs, {@code _<table>__pitstop_del}
 * @param misfits keys of rows the sync trigger could not convert into the other shape ({@code
 *     _<table>__pitstop_mis}, on the way back {@code _<table>__pitstop_bmis}), typed like the keys of
 *     {@code table}
 * @param syncFunction the trigger function keeping the shadow in sync
 * @param syncTrigger the trigger on the original
 * @param key the columns rows are matched and copied by (primary key or a NOT NULL unique key), in order
 * @param columns every column of the table in order, with the expression that computes it from an original row
 * @param changes the ALTER clauses applied to the shadow, e.g. {@code ALTER COLUMN "qty" TYPE bigint}
 * @param reverse true for the way back: after the cut-over, {@code table} (the new shape) is synced into
 *     {@code shadow}, which then names the old table; the trigger records no tombstones
 */
public record RebuildSpec(String table, String shadow, String old, String tombstones, String misfits,
                          String syncFunction, String syncTrigger, List<KeyColumn> key, List<RebuiltColumn> columns,
                          List<String> changes, boolean reverse) {

    public RebuildSpec {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        changes = List.copyOf(changes);
    }

    /** A key column and its type in the original table (for casting checkpointed key values back). */
    public record KeyColumn(String name, String type) {
    }

    /**
     * A column of the rebuilt table.
     *
     * @param expression SQL computing the value to insert from the original row's columns (unqualified
     *     names): the column itself, or the user's USING expression; assignment to the new type converts it
     *     and fails on a value that does not fit instead of truncating it
     * @param checkExpression the same value as the new type, e.g. {@code CAST("qty" AS bigint)}, for checksums
     *     (on the way back, {@link RebuildSpec#reverse}: the way forth, which must give back the value the
     *     new shape holds, or the row does not fit the old shape)
     * @param convertTo the column's type in the table written to when the change converts it, else null:
     *     the sync trigger converts such a column where a failure cannot reach the writer
     */
    public record RebuiltColumn(String name, String expression, String checkExpression, String convertTo) {

        public boolean converted() {
            return convertTo != null;
        }
    }
}
