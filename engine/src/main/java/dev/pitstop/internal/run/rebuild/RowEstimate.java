package dev.pitstop.internal.run.rebuild;

import dev.pitstop.internal.run.Handles;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import org.jdbi.v3.core.Handle;

/**
 * The row count progress reports divide by: the catalog's estimate (PostgreSQL reltuples, MySQL
 * TABLE_ROWS), or, for a table never analysed, the span of its integer key. Never a count of the table.
 */
final class RowEstimate {
    private RowEstimate() {
    }

    static long of(Handle handle, RebuildSql sql, RebuildSpec spec, long catalogEstimate) {
        if (catalogEstimate > 0) {
            return catalogEstimate;
        }
        return sql.rowsByKeyRange(spec).flatMap(q -> Handles.query(handle, q).mapTo(Long.class).findFirst()).orElse(0L);
    }
}
