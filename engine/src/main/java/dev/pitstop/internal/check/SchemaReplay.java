package dev.pitstop.internal.check;

import dev.pitstop.internal.check.model.Column;
import dev.pitstop.internal.check.model.ColumnType;
import dev.pitstop.internal.check.model.Key;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.parse.SchemaEdit;
import dev.pitstop.internal.parse.SchemaEdit.ColumnDef;
import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link SchemaEdit}s to the offline {@link Schema}, as the database would. Lenient by design: an
 * edit of a table or column the files never created changes a {@link Table#partial partial} model of it
 * (the table may predate Pitstop), and a name that is not there is ignored rather than refused; the rules,
 * not the replay, decide what is unsafe.
 */
final class SchemaReplay {
    private final boolean mysql;

    SchemaReplay(ParserFlavor flavor) {
        this.mysql = flavor == ParserFlavor.MYSQL;
    }

    Schema apply(Schema schema, List<SchemaEdit> edits) {
        Schema s = schema;
        for (SchemaEdit edit : edits) {
            s = apply(s, edit);
        }
        return s;
    }

    /** A column as the model keeps it, its type read against the schema's enum types. */
    Column column(Schema schema, ColumnDef def) {
        return new Column(Names.of(def.name()), type(schema, def.type()), def.type(), def.notNull() || def.primaryKey(),
                def.defaultExpression(), def.generatesValue());
    }

    ColumnType type(Schema schema, String written) {
        return ColumnType.parse(written, mysql, name -> schema.enumValues(name).orElse(null));
    }

    private Schema apply(Schema s, SchemaEdit edit) {
        if (edit instanceof SchemaEdit.CreateTable c) {
            String name = Names.of(c.table());
            Table table = new Table(name, Map.of(), List.of(), false);
            for (ColumnDef def : c.columns()) {
                table = withInlineKeys(table.withColumn(column(s, def)), name, def);
            }
            for (SchemaEdit.KeyDef k : c.keys()) {
                table = table.withKey(key(name, k));
            }
            return s.withTable(table);
        }
        if (edit instanceof SchemaEdit.AddColumn a) {
            String name = Names.of(a.table());
            return s.changing(name, t -> t.column(Names.of(a.column().name())).isPresent() ? t
                    : withInlineKeys(t.withColumn(column(s, a.column())), name, a.column()));
        }
        if (edit instanceof SchemaEdit.DropColumn d) {
            return s.changing(Names.of(d.table()), t -> t.withoutColumn(Names.of(d.column())));
        }
        if (edit instanceof SchemaEdit.RenameColumn r) {
            return s.changing(Names.of(r.table()), t -> t.renamingColumn(Names.of(r.from()), Names.of(r.to())));
        }
        if (edit instanceof SchemaEdit.ReplaceColumn r) {
            return s.changing(Names.of(r.table()), t -> withInlineKeys(t.withColumn(column(s, r.column())), t.name(), r.column()));
        }
        if (edit instanceof SchemaEdit.ChangeType c) {
            return s.changing(Names.of(c.table()), t -> t.changing(Names.of(c.column()), col -> col.withType(type(s, c.type()), c.type())));
        }
        if (edit instanceof SchemaEdit.SetNotNull n) {
            return s.changing(Names.of(n.table()), t -> t.changing(Names.of(n.column()), col -> col.withNotNull(n.notNull())));
        }
        if (edit instanceof SchemaEdit.SetDefault d) {
            return s.changing(Names.of(d.table()), t -> t.changing(Names.of(d.column()), col -> col.withDefault(d.expression())));
        }
        if (edit instanceof SchemaEdit.RenameTable r) {
            String from = Names.of(r.from());
            Table table = s.table(from).orElse(Table.partial(from));
            return s.without(from).withTable(table.withName(Names.of(r.to())));
        }
        if (edit instanceof SchemaEdit.DropTable d) {
            return s.without(Names.of(d.table()));
        }
        if (edit instanceof SchemaEdit.AddKey a) {
            String name = Names.of(a.table());
            return s.changing(name, t -> t.withKey(key(name, a.key())));
        }
        if (edit instanceof SchemaEdit.DropIndex d) {
            String index = Names.of(d.index());
            String table = d.table() != null ? Names.of(d.table()) : s.tables().values().stream()
                    .filter(t -> t.keys().stream().anyMatch(k -> k.name().equals(index))).map(Table::name).findFirst().orElse(null);
            return table == null ? s : s.changing(table, t -> t.withoutKey(index));
        }
        if (edit instanceof SchemaEdit.DropConstraint d) {
            String constraint = Names.of(d.constraint());
            return s.changing(Names.of(d.table()), t -> t.withoutKey(constraint));
        }
        if (edit instanceof SchemaEdit.DropPrimaryKey d) {
            return s.changing(Names.of(d.table()), Table::withoutPrimaryKey);
        }
        if (edit instanceof SchemaEdit.CreateEnum e) {
            return s.withEnum(Names.of(e.name()), e.values());
        }
        if (edit instanceof SchemaEdit.AddEnumValue e) {
            String type = Names.of(e.name());
            List<String> values = new ArrayList<>(s.enumValues(type).orElse(List.of()));
            int at = e.neighbour() == null ? values.size() : Math.max(0, values.indexOf(e.neighbour()) + (e.before() ? 0 : 1));
            values.add(Math.min(at, values.size()), e.value());
            return retypeEnumColumns(s.withEnum(type, values), type);
        }
        if (edit instanceof SchemaEdit.RenameEnumValue e) {
            String type = Names.of(e.name());
            List<String> values = s.enumValues(type).orElse(List.of()).stream()
                    .map(v -> v.equals(e.from()) ? e.to() : v).toList();
            return retypeEnumColumns(s.withEnum(type, values), type);
        }
        return s; // TRUNCATE, DROP SCHEMA: no change to the table model the rules need
    }

    /** Columns of a PostgreSQL enum type read its new values. */
    private Schema retypeEnumColumns(Schema s, String type) {
        Schema out = s;
        for (Table t : s.tables().values()) {
            for (Column c : t.columns().values()) {
                if (c.type() != null && c.type().family() == ColumnType.Family.ENUM && c.type().base().equals(type)) {
                    Table current = out.table(t.name()).orElseThrow();
                    out = out.withTable(current.withColumn(c.withType(type(out, c.writtenType()), c.writtenType())));
                }
            }
        }
        return out;
    }

    private static Table withInlineKeys(Table table, String tableName, ColumnDef def) {
        String column = Names.of(def.name());
        Table t = table;
        if (def.primaryKey()) {
            t = t.withKey(new Key(tableName + "_pkey", Key.Kind.PRIMARY, List.of(column)));
        }
        if (def.unique()) {
            t = t.withKey(new Key(tableName + "_" + column + "_key", Key.Kind.UNIQUE, List.of(column)));
        }
        return t;
    }

    private static Key key(String table, SchemaEdit.KeyDef k) {
        Key.Kind kind = Key.Kind.valueOf(k.kind().name());
        List<String> columns = k.columns().stream().map(Names::of).toList();
        String name = k.name() != null ? Names.of(k.name()) : kind == Key.Kind.PRIMARY ? table + "_pkey"
                : table + "_" + String.join("_", columns) + (kind == Key.Kind.UNIQUE ? "_key" : "_idx");
        return new Key(name, kind, columns);
    }
}
