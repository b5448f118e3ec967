package dev.pitstop.internal.run;

import dev.pitstop.internal.step.Catalog;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * {@link Catalog} answered by the server. Names are normalised by the dialect; a schema qualifier is
 * dropped and the current schema searched.
 */
final class LiveCatalog implements Catalog {
    /** A function call's name (the part after a schema qualifier) outside string literals is good enough here. */
    private static final Pattern FUNCTION_CALL = Pattern.compile("(?:\\w+\\.)?(\\w+)\\s*\\(");
    private final Handle handle;
    private final Dialect dialect;

    LiveCatalog(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.dialect = dialect;
    }

    @Override
    public boolean tableExists(String table) {
        return Handles.query(handle, dialect.catalog().tableExists(name(table))).map((rs, ctx) -> rs.getObject(1)).findFirst().isPresent();
    }

    @Override
    public boolean columnExists(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnExists(name(table), name(column)))
                .map((rs, ctx) -> rs.getObject(1)).findFirst().isPresent();
    }

    @Override
    public Optional<String> columnType(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnType(name(table), name(column)))
                .map((rs, ctx) -> rs.getString("type")).findFirst();
    }

    @Override
    public Optional<Boolean> indexValid(String table, String index) {
        return Handles.query(handle, dialect.catalog().index(name(table), name(index)))
                .map((rs, ctx) -> rs.getBoolean("valid")).findFirst();
    }

    @Override
    public String normalize(String written) {
        return name(written);
    }

    @Override
    public boolean callsVolatileFunction(String expression) {
        Matcher m = FUNCTION_CALL.matcher(expression);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return !names.isEmpty() && Handles.query(handle, dialect.catalog().volatileFunctions(names.toArray(String[]::new)))
                .mapToMap().findFirst().isPresent();
    }

    @Override
    public Optional<Key> primaryKey(String table) {
        List<Map<String, Object>> rows = Handles.query(handle, dialect.catalog().primaryKey(name(table))).mapToMap().list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Key(String.valueOf(rows.get(0).get("name")),
                rows.stream().map(r -> String.valueOf(r.get("col"))).toList()));
    }

    @Override
    public boolean columnNotNull(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnNotNull(name(table), name(column)))
                .map((rs, ctx) -> rs.getObject(1)).findFirst().isPresent();
    }

    @Override
    public Optional<String> columnCopyType(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnCopyType(name(table), name(column)))
                .map((rs, ctx) -> rs.getString("type")).findFirst();
    }

    @Override
    public Optional<String> columnDefault(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnDefault(name(table), name(column)))
                .map((rs, ctx) -> rs.getString("expr")).findFirst();
    }

    @Override
    public List<String> columnsSetOnUpdate(String table) {
        var sql = dialect.catalog().columnsSetOnUpdate(name(table));
        return sql == null ? List.of() : Handles.query(handle, sql).map((rs, ctx) -> rs.getString("name")).list();
    }

    @Override
    public List<String> columnDependents(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnDependents(name(table), name(column)))
                .map((rs, ctx) -> rs.getString("what")).list();
    }

    @Override
    public boolean columnHasDefault(String table, String column) {
        return Handles.query(handle, dialect.catalog().columnHasDefault(name(table), name(column)))
                .map((rs, ctx) -> rs.getObject(1)).findFirst().isPresent();
    }

    @Override
    public Optional<Boolean> constraintValidated(String table, String constraint) {
        return Handles.query(handle, dialect.catalog().constraint(name(table), name(constraint)))
                .map((rs, ctx) -> rs.getBoolean("validated")).findFirst();
    }

    @Override
    public List<String> foreignKeysOntoPrimaryKey(String table) {
        return Handles.query(handle, dialect.catalog().foreignKeysOntoPrimaryKey(name(table))).mapTo(String.class).list();
    }

    private String name(String written) {
        return dialect.normalizeIdentifier(Identifiers.unqualified(written));
    }

    @Override
    public boolean isView(String name) {
        return Handles.query(handle, dialect.catalog().tableType(name(name))).mapTo(String.class).findFirst()
                .map("VIEW"::equalsIgnoreCase).orElse(false);
    }

    @Override
    public List<String> triggers(String table) {
        return Handles.query(handle, dialect.catalog().triggers(name(table))).mapTo(String.class).list();
    }

    @Override
    public List<String> viewsNaming(String table) {
        return Handles.query(handle, dialect.catalog().viewsNaming(name(table))).mapTo(String.class).list();
    }

    @Override
    public Optional<String> viewDefinition(String view) {
        return Handles.query(handle, dialect.catalog().viewDefinition(name(view))).mapTo(String.class).findFirst();
    }

    @Override
    public boolean hasRows(String table) {
        return Handles.query(handle, dialect.catalog().anyRow(name(table))).map((rs, ctx) -> rs.getObject(1)).findFirst()
                .isPresent();
    }
}
