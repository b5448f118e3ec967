package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import java.util.List;

/**
 * CREATE TABLE: a new table no running version uses, so it runs as written in EXPAND. It is lock-bounded
 * because a foreign key in it locks the referenced table briefly.
 */
public record CreateTableStep(ParsedStatement.CreateTable statement) implements Step {

    @Override
    public String kind() {
        return "create-table";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        return List.of(new Action(Phase.EXPAND, "create table " + statement.table(),
                dialect.onlineDdl().createTable(statement.source().text()), true));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return catalog.tableExists(statement.table());
    }
}
