package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.parse.SchemaEdit;

/** What the rules ask of every kind of {@link SchemaEdit}. */
public final class SchemaEdits {
    private SchemaEdits() {
    }

    /**
     * The table the edit changes, as written: the old name of a renamed table; null for enum types, schemas,
     * TRUNCATE (several tables) and a DROP INDEX that names no table.
     */
    public static String table(SchemaEdit e) {
        if (e instanceof SchemaEdit.CreateTable x) {
            return x.table();
        } else if (e instanceof SchemaEdit.AddColumn x) {
            return x.table();
        } else if (e instanceof SchemaEdit.DropColumn x) {
            return x.table();
        } else if (e instanceof SchemaEdit.RenameColumn x) {
            return x.table();
        } else if (e instanceof SchemaEdit.ReplaceColumn x) {
            return x.table();
        } else if (e instanceof SchemaEdit.ChangeType x) {
            return x.table();
        } else if (e instanceof SchemaEdit.SetNotNull x) {
            return x.table();
        } else if (e instanceof SchemaEdit.SetDefault x) {
            return x.table();
        } else if (e instanceof SchemaEdit.RenameTable x) {
            return x.from();
        } else if (e instanceof SchemaEdit.DropTable x) {
            return x.table();
        } else if (e instanceof SchemaEdit.AddKey x) {
            return x.table();
        } else if (e instanceof SchemaEdit.DropIndex x) {
            return x.table();
        } else if (e instanceof SchemaEdit.DropConstraint x) {
            return x.table();
        } else if (e instanceof SchemaEdit.DropPrimaryKey x) {
            return x.table();
        }
        return null;
    }
}
