package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.Identifiers;
import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.Sql;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Online forms on MySQL/MariaDB: the statement as written with an explicit algorithm clause, so the
 * server refuses (instead of silently copying the table under a lock) when it cannot do it online.
 * CREATE INDEX gets {@code ALGORITHM=INPLACE LOCK=NONE}; ADD COLUMN gets {@code ALGORITHM=INSTANT}.
 * A statement that already names an algorithm or lock is left as written.
 */
final class MySqlOnlineDdl implements OnlineDdl {
    private static final Pattern HAS_ALGORITHM = Pattern.compile("(?i)\\b(ALGORITHM|LOCK)\\s*=");
    private static final Pattern IF_EXISTS = Pattern.compile("(?is)^\\s*DROP\\s+INDEX\\s+IF\\s+EXISTS\\b");
    private static final Pattern CLAUSE = Pattern.compile("(?i)\\b(ALGORITHM|LOCK)\\s*=\\s*(\\w+)");

    private final Flavour flavour;

    MySqlOnlineDdl(Flavour flavour) {
        this.flavour = flavour;
    }

    @Override
    public Sql createIndex(String statement) {
        return Sql.of(append(statement, " ALGORITHM=INPLACE LOCK=NONE"));
    }

    @Override
    public Optional<Sql> dropIndexLeftover(String table, String index) {
        return Optional.empty();
    }

    @Override
    public Sql addColumns(String statement) {
        return Sql.of(flavour.instantAddColumn() ? append(statement, ", ALGORITHM=INSTANT") : append(statement, ", ALGORITHM=INPLACE, LOCK=NONE"));
    }

    /** Not decided yet for MySQL/MariaDB: every type change waits for the online table rebuild. */
    @Override
    public boolean typeChangeIsMetadataOnly(String currentType, String newType) {
        return false;
    }

    @Override
    public Sql alterColumnTypes(String statement) {
        return Sql.of(statement.strip());
    }

    @Override
    public Sql createTable(String statement) {
        return Sql.of(statement.strip());
    }

    /** MariaDB 10.4+ and MySQL 8.0.29+ drop a column in the data dictionary alone. */
    @Override
    public Sql dropColumns(String statement) {
        return Sql.of(append(statement, ", ALGORITHM=INSTANT"));
    }

    @Override
    public Sql alterColumnDefault(String statement) {
        return Sql.of(append(statement, ", ALGORITHM=INSTANT"));
    }

    @Override
    public Sql restoreColumnDefault(String table, String column, String expression) {
        return Sql.of("ALTER TABLE " + table + " ALTER COLUMN " + MySqlRebuildSql.q(column)
                + (expression == null ? " DROP DEFAULT" : " SET DEFAULT " + expression) + ", ALGORITHM=INSTANT");
    }

    /**
     * InnoDB adds a foreign key in place only with {@code foreign_key_checks=0}, and then does not check the
     * existing rows (the engine does, before and after). MariaDB sets it for the one statement
     * ({@code SET STATEMENT ... FOR}); MySQL has no per-statement form for ALTER TABLE, and a session-wide
     * setting on a borrowed connection is not worth the risk: empty there.
     */
    @Override
    public Optional<Sql> addForeignKey(String statement) {
        if (!flavour.mariaDb()) {
            return Optional.empty();
        }
        return Optional.of(Sql.of("SET STATEMENT foreign_key_checks = 0 FOR " + append(statement, ", ALGORITHM=INPLACE, LOCK=NONE")));
    }

    @Override
    public Sql foreignKeyOrphans(String table, List<String> columns, String parent, List<String> parentColumns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(String.join(", ", columns.stream().map(c -> "c." + c).toList())).append(" FROM ").append(table)
                .append(" c WHERE ");
        sql.append(String.join(" AND ", columns.stream().map(c -> "c." + c + " IS NOT NULL").toList()));
        sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(parent).append(" p WHERE ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append("p.").append(parentColumns.get(i)).append(" = c.").append(columns.get(i));
        }
        return Sql.of(sql.append(") LIMIT 5").toString());
    }

    @Override
    public Sql dropConstraint(String table, String constraint, boolean foreignKey) {
        return Sql.of("ALTER TABLE " + table + (foreignKey ? " DROP FOREIGN KEY " : " DROP CONSTRAINT ")
                + MySqlRebuildSql.q(constraint) + ", ALGORITHM=INPLACE, LOCK=NONE");
    }

    @Override
    public Sql addUnique(String statement) {
        return Sql.of(append(statement, ", ALGORITHM=INPLACE, LOCK=NONE"));
    }

    @Override
    public Sql dropUnique(String table, String constraint) {
        return Sql.of("ALTER TABLE " + table + " DROP INDEX " + MySqlRebuildSql.q(constraint) + ", ALGORITHM=INPLACE, LOCK=NONE");
    }

    /**
     * Appends a clause unless the statement names one; a trailing line comment gets a line break first. A
     * statement that asks for a blocking algorithm or lock (ALGORITHM=COPY or DEFAULT, LOCK=SHARED,
     * EXCLUSIVE or DEFAULT) is refused: it would run as a plain blocking ALTER.
     */
    private static String append(String statement, String clause) {
        String s = statement.strip();
        if (HAS_ALGORITHM.matcher(s).find()) {
            Matcher m = CLAUSE.matcher(s);
            while (m.find()) {
                String value = m.group(2).toUpperCase(Locale.ROOT);
                boolean online = m.group(1).equalsIgnoreCase("ALGORITHM") ? value.equals("INPLACE") || value.equals("INSTANT")
                        : value.equals("NONE");
                if (!online) {
                    throw new IllegalArgumentException("the statement asks for " + m.group(1).toUpperCase(Locale.ROOT)
                            + "=" + value + ", which blocks the table's writers; remove the clause and Pitstop runs it as"
                            + clause.replace(",", ""));
                }
            }
            return s;
        }
        String lastLine = s.substring(s.lastIndexOf('\n') + 1);
        boolean endsInComment = lastLine.contains("--") || lastLine.contains("#");
        return s + (endsInComment ? "\n" : "") + clause;
    }

    @Override
    public Sql addRenamedColumn(String table, String column, String type) {
        return addColumns("ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(column) + " " + type + " NULL");
    }

    /**
     * Two BEFORE triggers; values are compared as bytes, so a change of letter case (equal under a
     * case-insensitive collation) is copied too.
     */
    @Override
    public List<Sql> installRenameSync(String table, String from, String to, String helper) {
        String f = "NEW." + quote(from);
        String t = "NEW." + quote(to);
        return List.of(
                Sql.of("DROP TRIGGER IF EXISTS " + quote(helper + "_ins")),
                Sql.of("CREATE TRIGGER " + quote(helper + "_ins") + " BEFORE INSERT ON " + quote(table) + " FOR EACH ROW "
                        + "BEGIN IF " + t + " IS NULL THEN SET " + t + " = " + f + "; ELSE SET " + f + " = " + t
                        + "; END IF; END"),
                Sql.of("DROP TRIGGER IF EXISTS " + quote(helper + "_upd")),
                Sql.of("CREATE TRIGGER " + quote(helper + "_upd") + " BEFORE UPDATE ON " + quote(table) + " FOR EACH ROW "
                        + "BEGIN IF NOT (BINARY " + t + " <=> BINARY OLD." + quote(to) + ") THEN SET " + f + " = " + t
                        + "; ELSEIF NOT (BINARY " + f + " <=> BINARY OLD." + quote(from) + ") THEN SET " + t + " = " + f
                        + "; END IF; END"));
    }

    @Override
    public List<Sql> dropRenameSync(String table, String helper) {
        return List.of(Sql.of("DROP TRIGGER IF EXISTS " + quote(helper + "_ins")),
                Sql.of("DROP TRIGGER IF EXISTS " + quote(helper + "_upd")));
    }

    @Override
    public String columnsDiffer(String a, String b) {
        return "NOT (BINARY " + quote(a) + " <=> BINARY " + quote(b) + ")";
    }

    @Override
    public String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    @Override
    public Sql dropColumn(String table, String column) {
        return dropColumns("ALTER TABLE " + quote(table) + " DROP COLUMN " + quote(column));
    }

    @Override
    public Sql setDefault(String table, String column, String expression) {
        return Sql.of("ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " SET DEFAULT "
                + (expression.matches("(?is)[a-z_]+\\(.*") ? "(" + expression + ")" : expression));
    }

    /** InnoDB rebuilds the table to add NOT NULL: no online form here (see README). */
    @Override
    public List<Sql> setNotNullOnline(String table, String column, String helper) {
        return List.of();
    }

    @Override
    public String quote(String catalogName, String beside) {
        return Identifiers.qualifier(beside) + MySqlRebuildSql.q(catalogName);
    }

    /**
     * Always the ALTER TABLE form: MariaDB's DROP INDEX ... ON takes no ALGORITHM or LOCK clause. A statement
     * that names its own algorithm runs as written (a blocking one is refused).
     */
    @Override
    public Sql dropIndex(String statement, String table, String index) {
        if (HAS_ALGORITHM.matcher(statement).find()) {
            return Sql.of(append(statement, ""));
        }
        boolean ifExists = IF_EXISTS.matcher(statement).find();
        return Sql.of("ALTER TABLE " + table + " DROP INDEX " + (ifExists ? "IF EXISTS " : "") + index
                + ", ALGORITHM=INPLACE, LOCK=NONE");
    }

    @Override
    public Sql dropIndex(String table, String index) {
        return Sql.of("ALTER TABLE " + table + " DROP INDEX " + index + ", ALGORITHM=INPLACE, LOCK=NONE");
    }

    /**
     * RENAME TABLE and CREATE VIEW each commit on their own, and a view can only be created over a table that
     * exists. So the view is prepared first, over a placeholder view that already carries the new name, and one
     * atomic RENAME TABLE puts the placeholder aside, the table under its new name and the prepared view under
     * the old one: no session ever finds the old name missing. Views here bind by name, so the prepared view
     * reads the table once it carries the new name.
     */
    @Override
    public List<Sql> renameBehindView(String from, String to, String swap, String parked) {
        String renamed = Identifiers.qualifier(from) + to;
        return List.of(
                Sql.of("CREATE OR REPLACE VIEW " + renamed + " AS SELECT * FROM " + from + " AS " + placeholderMarker()),
                Sql.of("CREATE OR REPLACE ALGORITHM=MERGE VIEW " + swap + " AS SELECT * FROM " + renamed),
                Sql.of("RENAME TABLE " + renamed + " TO " + parked + ", " + from + " TO " + renamed + ", " + swap + " TO " + from),
                Sql.of("DROP VIEW IF EXISTS " + parked));
    }

    /** One atomic RENAME TABLE, then the view goes. */
    @Override
    public List<Sql> renameBack(String from, String to, String swap) {
        String renamed = Identifiers.qualifier(from) + to;
        return List.of(Sql.of("RENAME TABLE " + from + " TO " + swap + ", " + renamed + " TO " + from),
                Sql.of("DROP VIEW IF EXISTS " + swap));
    }

    @Override
    public Sql dropView(String view) {
        return Sql.of("DROP VIEW IF EXISTS " + view);
    }

    @Override
    public Sql renameTable(String from, String to) {
        return Sql.of("RENAME TABLE " + from + " TO " + Identifiers.qualifier(from) + Identifiers.unqualified(to));
    }

    @Override
    public Sql dropTable(String table) {
        return Sql.of("DROP TABLE " + table);
    }
}
