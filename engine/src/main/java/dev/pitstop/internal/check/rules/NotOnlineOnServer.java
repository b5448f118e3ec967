package dev.pitstop.internal.check.rules;

import dev.pitstop.internal.check.Finding;
import dev.pitstop.internal.check.Rule;
import dev.pitstop.internal.check.StatementContext;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SchemaEdit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code not-online-on-server} (connected only): a statement Pitstop plans, but cannot run online on the connected
 * server as its tables stand now: the server version has no online form for the clause (MySQL 8 adding a foreign key
 * without a table copy, MySQL changing a primary key in place), or the live table rules the online form out (no
 * usable key for a rebuild, an index or view bound to a column being renamed, a trigger of the user's own). It is the
 * refusal {@code migrate} would stop at, one at a time; the checker lists them all before anything runs. Asked only
 * for statements on tables that exist now and that no earlier pending statement changes (the catalog no longer
 * describes those; {@code migrate} asks again when it gets there).
 */
public final class NotOnlineOnServer implements Rule {
    public static final String ID = "not-online-on-server";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(StatementContext s) {
        if (s.statement() == null || s.refusal() != null) {
            return List.of();
        }
        List<String> tables = tables(s);
        if (tables.isEmpty() || !tables.stream().allMatch(t -> s.live().tableExists(t))) {
            return List.of();
        }
        String why = s.live().onlineRefusal(s.file(), s.statement());
        if (why == null) {
            return List.of();
        }
        return List.of(Finding.refuse(ID, "Pitstop cannot run this online on " + s.live().server() + ": " + why,
                "Do what the reason says, or make the change another way (see the README's limitations for this "
                + "server); migrate stops here with the same message. An override records that it was checked by "
                + "hand; migrate still refuses it"));
    }

    /** The tables the statement works on (the old name of one it renames); none for CREATE TABLE. */
    private static List<String> tables(StatementContext s) {
        if (s.statement() instanceof ParsedStatement.CreateTable) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (s.statement().table() != null) {
            out.add(s.statement().table());
        }
        for (SchemaEdit e : s.edits()) {
            String table = e.table();
            if (table != null && !out.contains(table)) {
                out.add(table);
            }
        }
        return out;
    }
}
