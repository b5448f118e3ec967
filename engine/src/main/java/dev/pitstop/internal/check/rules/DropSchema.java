package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.List;

/**
 * {@code drop-schema}: DROP SCHEMA / DROP DATABASE removes every table, view and function in it at once; both
 * application versions fail on every query, and nothing Pitstop records can bring it back.
 */
public final class DropSchema implements Rule {
    public static final String ID = "drop-schema";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        return s.edits().stream().filter(e -> e instanceof SchemaEdit.DropSchema).map(e -> (SchemaEdit.DropSchema) e)
                .map(d -> Finding.refuse(ID, "DROP " + d.kind() + " " + d.name() + " removes every table, view and function "
                        + "in it at once: the previous version (and the new one) fail on every query against it, and it cannot "
                        + "be undone",
                        "Drop the tables the new version no longer uses one by one with DROP TABLE (Pitstop waits for contract, "
                        + "when the previous version is gone), and drop the empty " + d.kind().toLowerCase() + " outside the "
                        + "migrations afterwards"))
                .toList();
    }
}
