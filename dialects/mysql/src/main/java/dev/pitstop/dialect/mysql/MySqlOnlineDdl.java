package dev.pitstop.dialect.mysql;

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
}
