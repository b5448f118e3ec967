package dev.pitstop.internal.check.rules;

import dev.pitstop.CheckFinding;
import dev.pitstop.internal.check.Checker;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.PreviousQueries;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;

/** Runs the checker on a base migration and a change, and returns the change's findings of one rule. */
final class Harness {
    static final String PG_USERS = "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text, "
            + "age int, status text);";
    static final String MY_USERS = "CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT, name varchar(100) NOT NULL, "
            + "age int, status ENUM('new','active','gone') NOT NULL DEFAULT 'new', PRIMARY KEY (id));";

    private Harness() {
    }

    static List<CheckFinding> postgres(String rule, String base, String change) {
        return run(ParserFlavor.POSTGRES, rule, base, change);
    }

    static List<CheckFinding> mysql(String rule, String base, String change) {
        return run(ParserFlavor.MYSQL, rule, base, change);
    }

    /**
     * Connected: the base counts as applied (only the change is checked, as {@code plan} and {@code migrate} do)
     * and {@code live} stands in for the database's data.
     */
    static List<CheckFinding> connected(ParserFlavor flavor, LiveData live, String rule, String base, String change) {
        return new Checker(flavor, PreviousQueries.NONE, live).check(List.of(
                        new MigrationScript(MigrationVersion.parse("1"), "base", "V1__base.sql", "test", base),
                        new MigrationScript(MigrationVersion.parse("2"), "change", "V2__change.sql", "test", change)),
                        s -> s.name().equals("V2__change.sql"))
                .findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    private static List<CheckFinding> run(ParserFlavor flavor, String rule, String base, String change) {
        return new Checker(flavor).check(List.of(
                        new MigrationScript(MigrationVersion.parse("1"), "base", "V1__base.sql", "test", base),
                        new MigrationScript(MigrationVersion.parse("2"), "change", "V2__change.sql", "test", change)))
                .findings().stream().filter(f -> f.file().equals("V2__change.sql") && f.rule().equals(rule)).toList();
    }
}
