package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.spi.Dialect;

/** What SET NOT NULL and DROP NOT NULL share: the refusal where the dialect has no clause, and what abort needs. */
final class Nullability {
    private Nullability() {
    }

    /**
     * Why the statement cannot run: the dialect has no online form of the clause, or the column is missing;
     * null when it can.
     *
     * @param clause e.g. {@code SET NOT NULL}
     * @param modifyTo what the MODIFY that replaces it makes the column, e.g. {@code NOT NULL}
     */
    static String refusal(ParsedStatement.ColumnChange statement, Catalog catalog, Dialect dialect, String clause,
                          String modifyTo) {
        if (dialect.onlineDdl().notNullCheck(statement.table(), "x", statement.column()).isEmpty()) {
            return clause + " on " + statement.table() + "." + statement.column() + " has no online form on "
                    + dialect.describe() + "; write ALTER TABLE " + statement.table() + " MODIFY " + statement.column()
                    + " <type> " + modifyTo + ", which runs as an online table rebuild";
        }
        if (catalog != null && catalog.tableExists(statement.table())
                && !catalog.columnExists(statement.table(), statement.column())) {
            return "column " + statement.column() + " of " + statement.table() + " does not exist";
        }
        return null;
    }

    /** The column's nullability before the step, as abort reads it back ({@link #wasNotNull}). */
    static String remember(ParsedStatement.ColumnChange statement, Catalog catalog) {
        return catalog.columnNotNull(statement.table(), statement.column()) ? "not-null" : "nullable";
    }

    static boolean wasNotNull(String remembered) {
        return "not-null".equals(remembered);
    }
}
