package dev.pitstop.internal.run;

import dev.pitstop.internal.check.LiveData;
import dev.pitstop.spi.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * {@link LiveData} answered by the server, for the checker's data checks. Every query is the dialect's
 * ({@code CatalogSql.duplicates}, {@code nulls}), bounded by a LIMIT, and a plain read: no row locks, no writes.
 */
final class LiveTableData implements LiveData {
    private final Handle handle;
    private final LiveCatalog catalog;
    private final Dialect dialect;

    LiveTableData(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.catalog = new LiveCatalog(handle, dialect);
        this.dialect = dialect;
    }

    @Override
    public boolean tableExists(String table) {
        return catalog.tableExists(table) && !catalog.isView(catalog.normalize(table));
    }

    @Override
    public boolean columnExists(String table, String column) {
        return catalog.columnExists(table, column);
    }

    @Override
    public List<Duplicate> duplicates(String table, List<String> columns) {
        List<String> names = columns.stream().map(catalog::normalize).toList();
        return Handles.query(handle, dialect.catalog().duplicates(catalog.normalize(table), names, DUPLICATES_SHOWN))
                .map((rs, ctx) -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= names.size(); i++) {
                        values.add(rs.getString(i));
                    }
                    return new Duplicate(values, rs.getLong(names.size() + 1));
                }).list();
    }

    @Override
    public long nulls(String table, String column) {
        return Handles.query(handle, dialect.catalog().nulls(catalog.normalize(table), catalog.normalize(column), NULLS_COUNTED))
                .map((rs, ctx) -> rs.getLong(1)).one();
    }
}
