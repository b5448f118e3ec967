package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.check.model.TypeChange;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code enum-value-change}: an enum loses, renames or reorders a value: PostgreSQL {@code ALTER TYPE ... RENAME
 * VALUE}, or a MySQL {@code MODIFY} / {@code CHANGE} whose ENUM list drops a value or changes the order of the
 * values it keeps. The previous version still writes the old value (and fails), and reads or sorts by the
 * old order. Adding values is accepted.
 */
public final class EnumValueChange implements Rule {
    public static final String ID = "enum-value-change";
    private static final String REWRITE = "Only add values (PostgreSQL: ALTER TYPE ... ADD VALUE 'v'; MySQL: MODIFY with "
            + "every old value kept, in its order). To rename or retire a value: add the new one, move the rows with "
            + "UPDATE, let the new version stop writing the old one, and remove it in a later release once no running "
            + "version writes it (with -- pitstop:allow " + ID + " <reason>)";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        List<Finding> out = new ArrayList<>();
        for (SchemaEdit e : s.edits()) {
            if (e instanceof SchemaEdit.RenameEnumValue r) {
                out.add(Finding.refuse(ID, "enum type " + r.name() + " renames '" + r.from() + "' to '" + r.to() + "': the "
                        + "previous version still writes and compares '" + r.from() + "', which no longer exists", REWRITE));
            }
        }
        for (TypeChanges c : TypeChanges.of(s, TypeChange.Verdict.ENUM_BREAK)) {
            out.add(Finding.refuse(ID, c.where() + " changes from " + c.from() + " to " + c.to() + ": " + c.reason(), REWRITE));
        }
        return out;
    }
}
