package dev.pitstop.dialect.mysql;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.KeyColumn;
import dev.pitstop.spi.RebuildSpec.RebuiltColumn;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The online table rebuild on MySQL and MariaDB (InnoDB). AFTER triggers replay every write into the
 * shadow in the writer's transaction ({@code REPLACE}, or a delete by key); the copy is one
 * {@code INSERT ... SELECT ... ON DUPLICATE KEY UPDATE} per key range in READ COMMITTED, so it reads the
 * original without locking it (pt-online-schema-change's locking read is what made its writers wait and
 * deadlock), never downgrades a conversion error to a warning as {@code INSERT IGNORE} would, and fails
 * on any warning. A row it read just before the application deleted it comes back to life in the shadow:
 * the delete trigger records the key in a tombstone table and {@link #reconcile} removes such rows again.
 * The cut-over is one atomic {@code RENAME TABLE}. The file is long because it holds one SQL text per
 * stage of the rebuild.
 */
final class MySqlRebuildSql implements RebuildSql {
    private static final String NONE = "SELECT NULL AS ddl FROM DUAL WHERE 1 = 0";
    /** Conversion errors a sync trigger turns into a recorded misfit instead of failing the writer. */
    private static final String CONVERSION_ERRORS = "1048, 1264, 1265, 1292, 1364, 1366, 1367, 1406, 3105, 3140, 3819, "
            + "4025, 4038";

    /**
     * The mark a forward sync trigger sets in {@code @pitstop_sync} while it writes into the shadow, and
     * the way-back triggers while they write into the old table: the time the application's statement
     * began ({@code NOW(6)} in a trigger is constant through the statement and every trigger it fires),
     * negative on the way back. A trigger skips a write only while the other direction's mark of its own
     * statement is set, or {@code 1} (Pitstop's own sessions: copy, reconcile). A mark left behind by a
     * statement that failed inside the trigger (a deadlock or lock wait timeout there runs no handler, so
     * nothing resets it) names a statement that is over and matches no later one.
     */
    static final String FORWARD_MARK = "NOW(6) + 0";
    static final String BACK_MARK = "0 - NOW(6)";
    /** The guard of the user's triggers' copies: they skip the writes of both directions and of Pitstop's sessions. */
    static final String USER_GUARD = "BEGIN IF @pitstop_sync IS NULL OR @pitstop_sync NOT IN (1, " + FORWARD_MARK + ", "
            + BACK_MARK + ") THEN ";
    private static final String USER_GUARD_END = "; END IF; END";
    /** The guard of user trigger copies made before the marks (a run stopped across an upgrade): restored alike. */
    private static final String OLD_USER_GUARD = "BEGIN IF @pitstop_sync IS NULL THEN ";

    private final Flavour flavour;

    MySqlRebuildSql(Flavour flavour) {
        this.flavour = flavour;
    }

    static String q(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    @Override
    public String quote(String name) {
        return q(name);
    }

    /**
     * {@code <table>__pitstop_}: the table's own name sorts first among the names of a RENAME, so the
     * RENAME waits for its metadata lock before it takes the others'. Taking the shadow's first (as
     * {@code _<table>...} would sort) made a write that had opened the table wait for the shadow, back off
     * and reopen after the RENAME, and MariaDB then ran the new table's triggers without the tables they
     * use opened: "Table '_t__pitstop_old' doesn't exist", about one write in a few hundred cut-overs.
     * Trigger names are at most 64 characters, so the table's name is at most 41.
     */
    @Override
    public String helperPrefix(String table) {
        if (table.length() > 41) {
            throw new PitstopException(ErrorCode.NOT_SUPPORTED_YET, "cannot rebuild " + table + " online: its name is "
                    + "longer than 41 characters, and the names of the rebuild's triggers (" + table + "__pitstop_back_sync_ins) "
                    + "would pass MySQL's 64. Rename the table first; nothing was created.");
        }
        return table + "__pitstop_";
    }

    /**
     * {@code ALGORITHM=INSTANT}: when InnoDB can make the change in the data dictionary alone (a longer
     * VARCHAR within the same length bytes, an ENUM value appended, a new default, an added column), it
     * does so under the short lock wait and nothing is copied. MariaDB only: the refusal (1845/1846,
     * SQLSTATE 0A000, on which HikariCP closes the connection) is caught in a compound statement; MySQL has
     * no compound statement outside a stored routine, so there the change is always rebuilt.
     */
    @Override
    public Optional<Sql> inPlace(RebuildSpec spec, boolean again) {
        // again: a column or key that exists already (1060, 1061) means the stopped attempt committed
        return spec.changes().isEmpty() || !flavour.mariaDb() ? Optional.empty()
                : Optional.of(Sql.of("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR 1845, 1846 SET @pitstop_in_place = 0; "
                        + (again ? "DECLARE EXIT HANDLER FOR 1060, 1061 SET @pitstop_in_place = 1; " : "")
                        + "SET @pitstop_in_place = 1; ALTER TABLE " + q(spec.table()) + " " + String.join(", ", spec.changes())
                        + ", ALGORITHM=INSTANT; END"));
    }

    @Override
    public Sql inPlaceResult() {
        return Sql.of("SELECT COALESCE(@pitstop_in_place, 0)");
    }

    /** Not used: a MySQL rebuild applies the statement's own MODIFY clauses, and the server converts on assignment. */
    @Override
    public String conversion(String value, String type) {
        throw new UnsupportedOperationException("MySQL rebuilds take the statement's own clauses");
    }

    @Override
    public String columnTypeChange(String quotedColumn, String type, String conversion) {
        throw new UnsupportedOperationException("MySQL rebuilds take the statement's own clauses");
    }

    @Override
    public boolean copiesByRange() {
        return true;
    }

    @Override
    public boolean reconcilesInReadCommitted() {
        return true;
    }

    /** The way-back triggers are created on the shadow before the RENAME takes them along (see {@link #installSync}). */
    @Override
    public boolean installsWayBackBeforeSwap() {
        return true;
    }

    private static boolean binary(KeyColumn k) {
        return k.type().toLowerCase(Locale.ROOT).matches("(var)?binary.*|.*blob.*");
    }

    private static String keyList(RebuildSpec spec, String prefix) {
        return spec.key().stream().map(k -> prefix + q(k.name())).collect(Collectors.joining(", "));
    }

    /**
     * The key compared with values, written out so that MariaDB uses the index (it scans for a row
     * constructor comparison): {@code a >= ? AND (a > ? OR (a = ? AND b > ?))} for {@code (a, b) > (?, ?)}.
     *
     * @param above true for "key > values", false for "key <= values"
     */
    static Sql keyBound(RebuildSpec spec, String prefix, boolean above, List<String> values) {
        List<Object> args = new ArrayList<>();
        String text = bound(spec, prefix, above, values, 0, args);
        if (spec.key().size() > 1) {
            KeyColumn first = spec.key().get(0);
            List<Object> all = new ArrayList<>();
            all.add(values.get(0));
            all.addAll(args);
            return new Sql(prefix + q(first.name()) + (above ? " >= " : " <= ") + placeholder(first) + " AND " + text, all);
        }
        return new Sql(text, args);
    }

    private static String bound(RebuildSpec spec, String prefix, boolean above, List<String> values, int i,
                                List<Object> args) {
        KeyColumn k = spec.key().get(i);
        String column = prefix + q(k.name());
        if (i == spec.key().size() - 1) {
            args.add(values.get(i));
            return column + (above ? " > " : " <= ") + placeholder(k);
        }
        args.add(values.get(i));
        args.add(values.get(i));
        String rest = bound(spec, prefix, above, values, i + 1, args);
        return "(" + column + (above ? " > " : " < ") + placeholder(k) + " OR (" + column + " = " + placeholder(k) + " AND "
                + rest + "))";
    }

    private static String placeholder(KeyColumn k) {
        return binary(k) ? "UNHEX(?)" : "?";
    }

    private static String keyTexts(RebuildSpec spec) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < spec.key().size(); i++) {
            KeyColumn k = spec.key().get(i);
            texts.add((binary(k) ? "HEX(" + q(k.name()) + ")" : "CAST(" + q(k.name()) + " AS CHAR)") + " AS k" + (i + 1));
        }
        return String.join(", ", texts);
    }

    private static String columnList(RebuildSpec spec, String prefix) {
        return spec.columns().stream().map(c -> prefix + q(c.name())).collect(Collectors.joining(", "));
    }

    /** {@code l.a = r.a AND l.b = r.b}: MariaDB looks a row constructor equality up by index only for constants. */
    private static String keyEquals(RebuildSpec spec, String left, String right) {
        return spec.key().stream().map(k -> left + q(k.name()) + " = " + right + q(k.name()))
                .collect(Collectors.joining(" AND "));
    }

    private static String triggerName(RebuildSpec spec, String event) {
        return spec.syncFunction() + "_" + event;
    }

    @Override
    public Sql preview(String stage, String table) {
        String shadow = helperPrefix(table) + "new";
        return Sql.of(switch (stage) {
            case "PREPARE" -> "-- ALTER TABLE " + table + " ..., ALGORITHM=INSTANT (when the server can: nothing else runs); "
                    + "else CREATE TABLE " + shadow + " LIKE " + table + "; ALTER TABLE " + shadow + " ...; "
                    + "CREATE TRIGGER ... AFTER INSERT/UPDATE/DELETE ON " + table;
            case "COPY" -> "-- INSERT INTO " + shadow + " SELECT ... FROM " + table + " WHERE key IN (:after, :upto] "
                    + "ON DUPLICATE KEY UPDATE key = key (READ COMMITTED, no locking read)";
            case "VERIFY" -> "-- ANALYZE TABLE " + shadow + "; COUNT(*), BIT_XOR(CRC32(CONCAT_WS(...))) per key range in one snapshot";
            case "CUT_OVER" -> "-- CREATE TRIGGER ... ON " + shadow + " (the way back); RENAME TABLE " + table + " TO "
                    + helperPrefix(table) + "old, " + shadow + " TO " + table + "; child foreign keys pointed at " + table;
            case "ABORT" -> "-- after the cut-over: RENAME TABLE " + table + " TO " + shadow + ", " + helperPrefix(table)
                    + "old TO " + table + "; then DROP TABLE " + shadow + " and the triggers";
            default -> "-- DROP TABLE " + helperPrefix(table) + "old";
        });
    }

    @Override
    public Sql key(String table) {
        return Sql.of("SELECT s.column_name AS name, c.column_type AS type FROM information_schema.statistics s "
                + "JOIN information_schema.columns c ON c.table_schema = s.table_schema AND c.table_name = s.table_name "
                + "AND c.column_name = s.column_name WHERE s.table_schema = DATABASE() AND s.table_name = ? "
                + "AND s.index_name = (SELECT x.index_name FROM information_schema.statistics x WHERE x.table_schema = DATABASE() "
                + "AND x.table_name = ? AND x.non_unique = 0 GROUP BY x.index_name HAVING SUM(x.nullable = 'YES') = 0 "
                + "AND SUM(x.sub_part IS NOT NULL) = 0 AND SUM(x.column_name IS NULL) = 0 "
                + "ORDER BY MAX(x.index_name = 'PRIMARY') DESC, COUNT(*), x.index_name LIMIT 1) ORDER BY s.seq_in_index",
                table, table);
    }

    @Override
    public Sql columns(String table) {
        // generated columns are computed by the shadow itself (MySQL 8 also says DEFAULT_GENERATED in extra
        // for DEFAULT CURRENT_TIMESTAMP: those are plain columns); the collation tells a charset change
        return Sql.of("SELECT column_name AS name, CONCAT(column_type, COALESCE(CONCAT(' COLLATE ', collation_name), '')) "
                + "AS type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
                + "AND COALESCE(generation_expression, '') = '' ORDER BY ordinal_position", table);
    }

    @Override
    public Sql obstacles(String table) {
        return Sql.of("SELECT CONCAT('its foreign key ', constraint_name, ' (carrying foreign keys over is not supported "
                + "yet)') AS problem FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = ? "
                + "UNION ALL SELECT CONCAT('its trigger ', trigger_name, ' would need a name longer than 64 characters for its "
                + "copy on the shadow; shorten it') FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = ? AND CHAR_LENGTH(trigger_name) > 55 AND " + USER_TRIGGER
                + "UNION ALL SELECT CONCAT('it uses the ', engine, ' engine; the online rebuild needs InnoDB') "
                + "FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ? AND engine <> 'InnoDB' "
                + "UNION ALL SELECT 'it is partitioned (not supported yet)' FROM information_schema.partitions "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND partition_name IS NOT NULL LIMIT 1",
                table, table, table, table);
    }

    /** DESIGN.md §3: with innodb_autoinc_lock_mode below 2 a bulk insert holds the table's AUTO-INC lock. */
    @Override
    public Optional<Sql> cautions(String table) {
        return Optional.of(Sql.of("SELECT CONCAT('innodb_autoinc_lock_mode is ', @@innodb_autoinc_lock_mode, ' and ', "
                + "column_name, ' is AUTO_INCREMENT: each copy chunk holds the shadow''s AUTO-INC lock, so a write to the "
                + "table may wait for up to one chunk (chunkTime); innodb_autoinc_lock_mode = 2 avoids it') "
                + "FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
                + "AND extra LIKE '%auto_increment%' AND @@innodb_autoinc_lock_mode < 2", table));
    }

    @Override
    public List<Sql> createShadow(RebuildSpec spec) {
        return List.of(Sql.of("CREATE TABLE " + q(spec.shadow()) + " LIKE " + q(spec.table())),
                Sql.of("ALTER TABLE " + q(spec.shadow()) + " " + String.join(", ", spec.changes())),
                Sql.of("CREATE TABLE " + q(spec.tombstones()) + " (pitstop_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY) "
                        + "ENGINE=InnoDB SELECT " + keyList(spec, "") + " FROM " + q(spec.table()) + " WHERE 1 = 0"));
    }

    /**
     * AFTER triggers in the writer's transaction. A value that does not convert to the other table's type
     * (strict mode makes it an error) is caught: the writer's statement succeeds, the row is left out of
     * the other table and its key recorded as a misfit, which stops the swap with the key named. Every
     * trigger skips Pitstop's own writes ({@code @pitstop_sync}): the copy's and the reconcile's into the
     * shadow, and each direction's into the other table.
     *
     * <p>Forward ({@code table} into the shadow): {@code REPLACE}, which also clears a row the copy
     * resurrected that holds a unique value again, and tombstones for deletes. The way back (reverse spec,
     * created on the shadow under its pre-swap name {@code spec.old()} before the RENAME takes it along, into
     * the old table): {@code INSERT ... ON DUPLICATE KEY UPDATE} and {@code UPDATE} by the old key, because
     * the child foreign keys follow the old table at the RENAME and a {@code REPLACE} would fire their
     * {@code ON DELETE} actions.
     */
    @Override
    public List<Sql> installSync(RebuildSpec spec) {
        String keys = keyList(spec, "");
        String cols = columnList(spec, "");
        String newValues = columnList(spec, "NEW.");
        String newKey = keyList(spec, "NEW.");
        String oldKey = keyList(spec, "OLD.");
        String on = q(spec.reverse() ? spec.old() : spec.table());
        String target = q(spec.shadow());
        String handler = "DECLARE EXIT HANDLER FOR " + CONVERSION_ERRORS + " BEGIN ";
        String mark = "SET @pitstop_sync = " + (spec.reverse() ? BACK_MARK : FORWARD_MARK) + "; ";
        String record = "INSERT INTO " + q(spec.misfits()) + " (" + keys + ") VALUES (" + newKey + "); SET @pitstop_sync = NULL; "
                + "END; " + mark;
        String ins;
        String upd;
        String del;
        if (spec.reverse()) {
            // a misfit stays in the old table as it was (a delete would fire the child foreign keys' actions);
            // its key is recorded until a write that fits clears it. Rows are written by key only: an
            // INSERT ... ON DUPLICATE KEY UPDATE could match a stale misfit row by another unique key and
            // rewrite it, so a duplicate (1062) means a stale row is in the way: a misfit too.
            String assign = spec.columns().stream().map(c -> q(c.name()) + " = NEW." + q(c.name()))
                    .collect(Collectors.joining(", "));
            String wayBackErrors = "DECLARE EXIT HANDLER FOR " + CONVERSION_ERRORS + ", 1062 BEGIN ";
            // the INSERT first (an UPDATE of a key not there yet would lock the gap, and two writers appending
            // rows deadlocked on it); on a duplicate the row is updated by key, and a duplicate that is not
            // the key itself (a stale row holds the unique value) leaves the key out: a misfit
            String write = "BEGIN DECLARE pitstop_dup INT DEFAULT 0; BEGIN DECLARE CONTINUE HANDLER FOR 1062 SET pitstop_dup = 1; "
                    + "INSERT INTO " + target + " (" + cols + ") VALUES (" + newValues + "); END; IF pitstop_dup = 1 THEN UPDATE "
                    + target + " SET " + assign + " WHERE " + keyEquals(spec, "", "NEW.") + "; END IF; "
                    + "IF pitstop_dup = 1 AND NOT EXISTS (SELECT 1 FROM " + target + " WHERE " + keyEquals(spec, "", "NEW.")
                    + ") THEN INSERT INTO " + q(spec.misfits()) + " (" + keys + ") VALUES (" + newKey + "); ELSE "
                    + clear(spec, "NEW.") + " END IF; END; SET @pitstop_sync = NULL;";
            ins = wayBackErrors + record + write;
            // a key change that does not fit leaves the row under its old key in the old table: both keys are
            // recorded, so abort refuses until a write of each fits (or deletes it)
            upd = wayBackErrors + "INSERT INTO " + q(spec.misfits()) + " (" + keys + ") VALUES (" + newKey + "); IF NOT (("
                    + oldKey + ") <=> (" + newKey + ")) THEN INSERT INTO " + q(spec.misfits()) + " (" + keys + ") VALUES ("
                    + oldKey + "); END IF; SET @pitstop_sync = NULL; END; " + mark + "IF NOT ((" + oldKey + ") <=> ("
                    + newKey + ")) THEN UPDATE " + target + " SET " + assign + " WHERE " + keyEquals(spec, "", "OLD.") + "; "
                    + clear(spec, "OLD.") + " END IF; " + write;
            del = mark + "DELETE FROM " + target + " WHERE " + keyEquals(spec, "", "OLD.")
                    + "; SET @pitstop_sync = NULL; " + clear(spec, "OLD.");
        } else {
            String misfit = handler + "DELETE FROM " + target + " WHERE " + keyEquals(spec, "", "NEW.") + "; " + record;
            String write = "REPLACE INTO " + target + " (" + cols + ") VALUES (" + newValues + "); SET @pitstop_sync = NULL;";
            String tombstone = " INSERT INTO " + q(spec.tombstones()) + " (" + keys + ") VALUES (" + oldKey + ");";
            ins = misfit + write;
            upd = misfit + "IF NOT ((" + oldKey + ") <=> (" + newKey + ")) THEN DELETE FROM " + target + " WHERE "
                    + keyEquals(spec, "", "OLD.") + ";" + tombstone + " END IF; " + write;
            del = mark + "DELETE FROM " + target + " WHERE " + keyEquals(spec, "", "OLD.")
                    + "; SET @pitstop_sync = NULL;" + tombstone;
        }
        List<Sql> statements = new ArrayList<>();
        statements.add(Sql.of("CREATE TABLE IF NOT EXISTS " + q(spec.misfits()) + " (pitstop_id BIGINT NOT NULL AUTO_INCREMENT "
                + "PRIMARY KEY) ENGINE=InnoDB SELECT " + keys + " FROM " + on + " WHERE 1 = 0"));
        for (String event : List.of("ins", "upd", "del")) {
            statements.add(Sql.of("DROP TRIGGER IF EXISTS " + q(triggerName(spec, event))));
        }
        // triggers keep the sql_mode they were created in: strict, so a value that does not fit is an error
        statements.add(Sql.of("SET @pitstop_sql_mode = @@SESSION.sql_mode, SESSION sql_mode = "
                + "CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')"));
        // deletes first: a row inserted and deleted while the triggers are being created never stays in the shadow
        // each direction skips the other's writes (of this statement) into its table
        String skip = spec.reverse() ? FORWARD_MARK : BACK_MARK;
        statements.add(Sql.of("CREATE TRIGGER " + q(triggerName(spec, "del")) + " AFTER DELETE ON " + on
                + " FOR EACH ROW " + guarded(del, skip)));
        statements.add(Sql.of("CREATE TRIGGER " + q(triggerName(spec, "upd")) + " AFTER UPDATE ON " + on
                + " FOR EACH ROW " + guarded(upd, skip)));
        statements.add(Sql.of("CREATE TRIGGER " + q(triggerName(spec, "ins")) + " AFTER INSERT ON " + on
                + " FOR EACH ROW " + guarded(ins, skip)));
        statements.add(Sql.of("SET SESSION sql_mode = @pitstop_sql_mode"));
        return statements;
    }

    /** Clears a recorded misfit of the way back once a write of that key fitted. */
    private static String clear(RebuildSpec spec, String row) {
        return "DELETE FROM " + q(spec.misfits()) + " WHERE " + keyEquals(spec, "", row) + ";";
    }

    /**
     * A trigger body that runs unless the write is Pitstop's own: its sessions' ({@code 1}) or the other
     * direction's, marked {@code skip} for this statement (see {@link #FORWARD_MARK}). An error the body
     * does not handle itself clears the mark before it reaches the writer; a deadlock or lock wait timeout
     * inside a trigger runs no handler at all (the server forbids handlers once it has to roll back in a
     * sub-statement), which is why the mark names the statement instead of being trusted to be reset.
     */
    static String guarded(String body, String skip) {
        return "BEGIN IF @pitstop_sync IS NULL OR @pitstop_sync NOT IN (1, " + skip + ") THEN BEGIN DECLARE EXIT HANDLER "
                + "FOR SQLEXCEPTION BEGIN SET @pitstop_sync = NULL; RESIGNAL; END; BEGIN " + body + " END; END; END IF; END";
    }

    /** A trigger's definer as SQL: 'user'@'host'. */
    private static final String DEFINER = "CONCAT('''', REPLACE(SUBSTRING_INDEX(definer, '@', 1), '''', ''''''), '''@''', "
            + "REPLACE(SUBSTRING_INDEX(definer, '@', -1), '''', ''''''), '''')";

    /** Not one of Pitstop's own triggers (named <table>__pitstop_...). */
    private static final String USER_TRIGGER = "trigger_name NOT LIKE '%\\_\\_pitstop\\_%' AND trigger_name NOT LIKE "
            + "'%\\_\\_pitstop' ";

    /**
     * The user's triggers, copied onto the shadow as {@code <name>__pitstop} (trigger names are unique per
     * schema): RENAME takes them along, so they keep working on the new table from the first write after
     * the cut-over. They skip Pitstop's own writes into the shadow ({@code @pitstop_sync}), so a row the
     * sync trigger or the copy writes does not fire them a second time. Each is created in the trigger's own
     * sql_mode.
     */
    @Override
    public Optional<Sql> cloneUserTriggers(RebuildSpec spec) {
        String any = " FROM DUAL WHERE EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = ? AND " + USER_TRIGGER + ")";
        return Optional.of(Sql.of("SELECT ddl FROM (SELECT 0 AS ord, 0 AS step, 'SET @pitstop_sql_mode = @@SESSION.sql_mode' "
                + "AS ddl" + any + " UNION ALL SELECT action_order, 1, CONCAT('SET SESSION sql_mode = ''', sql_mode, '''') "
                + "FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = ? AND "
                + USER_TRIGGER + "UNION ALL SELECT action_order, 2, CONCAT('DROP TRIGGER IF EXISTS `', "
                + "REPLACE(CONCAT(trigger_name, '__pitstop'), '`', '``'), '`') "
                + "FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = ? AND "
                + USER_TRIGGER + "UNION ALL SELECT action_order, 3, CONCAT('CREATE DEFINER = ', " + DEFINER + ", ' TRIGGER `', "
                + "REPLACE(CONCAT(trigger_name, '__pitstop'), '`', '``'), '` ', action_timing, ' ', event_manipulation, ' ON ', ?, "
                + "' FOR EACH ROW " + USER_GUARD + "', action_statement, '" + USER_GUARD_END + "') "
                + "FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = ? AND "
                + USER_TRIGGER + "UNION ALL SELECT 1000000, 4, 'SET SESSION sql_mode = @pitstop_sql_mode'" + any
                + ") AS x ORDER BY ord, step",
                spec.table(), spec.table(), spec.table(), q(spec.shadow()), spec.table(), spec.table()));
    }

    /**
     * Each user trigger of the table is replaced by its guarded copy on the shadow ({@code <name>__pitstop}),
     * in firing order, each in its own sql_mode: MariaDB replaces it in one statement, MySQL drops and
     * creates it (under the caller's table lock; a run stopped in between finds the copy and creates it
     * again).
     */
    @Override
    public Optional<Sql> guardUserTriggers(RebuildSpec spec) {
        String original = "LEFT(trigger_name, CHAR_LENGTH(trigger_name) - 9)";
        String clones = " FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = ? "
                + "AND trigger_name LIKE '%\\_\\_pitstop'";
        return Optional.of(Sql.of("SELECT ddl FROM (SELECT '' AS t, '' AS e, 0 AS o, 0 AS step, "
                + "'SET @pitstop_sql_mode = @@SESSION.sql_mode' AS ddl FROM DUAL WHERE EXISTS (SELECT 1" + clones + ") UNION ALL "
                + "SELECT action_timing, event_manipulation, action_order, 1, CONCAT('SET SESSION sql_mode = ''', sql_mode, '''')"
                + clones + (flavour.mariaDb() ? "" : " UNION ALL SELECT action_timing, event_manipulation, action_order, 2, "
                + "CONCAT('DROP TRIGGER IF EXISTS `', REPLACE(" + original + ", '`', '``'), '`')" + clones)
                + " UNION ALL SELECT action_timing, event_manipulation, action_order, 3, CONCAT('CREATE "
                + (flavour.mariaDb() ? "OR REPLACE " : "") + "DEFINER = ', " + DEFINER + ", ' TRIGGER `', REPLACE(" + original
                + ", '`', '``'), '` ', action_timing, ' ', event_manipulation, ' ON ', ?, ' FOR EACH ROW ', action_statement)"
                + clones + " UNION ALL SELECT 'ZZZ', '', 0, 4, 'SET SESSION sql_mode = @pitstop_sql_mode' FROM DUAL WHERE "
                + "EXISTS (SELECT 1" + clones + ")) AS x ORDER BY t = 'ZZZ', t, e, o, step",
                flavour.mariaDb() ? new Object[] {spec.shadow(), spec.shadow(), q(spec.table()), spec.shadow(), spec.shadow()}
                        : new Object[] {spec.shadow(), spec.shadow(), spec.shadow(), q(spec.table()), spec.shadow(),
                                spec.shadow()}));
    }

    /**
     * Right after the swap (and again at contract, should a run have stopped in between): each copied
     * trigger takes its name back and loses its guard, under one lock of both tables, in firing order:
     * the original is dropped from the old table, the trigger created again on the table under its name,
     * the copy dropped. A stop halfway leaves the guarded copy working.
     */
    @Override
    public Optional<Sql> restoreUserTriggerNames(RebuildSpec spec) {
        String original = "LEFT(trigger_name, CHAR_LENGTH(trigger_name) - 9)";
        return Optional.of(Sql.of("SELECT ddl FROM (SELECT action_timing AS t, event_manipulation AS e, action_order AS o, 1 AS step, "
                + "CONCAT('DROP TRIGGER IF EXISTS `', REPLACE(" + original + ", '`', '``'), '`') AS ddl "
                + "FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = ? "
                + "AND trigger_name LIKE '%\\_\\_pitstop' UNION ALL SELECT action_timing, event_manipulation, action_order, 2, "
                + "CONCAT('CREATE DEFINER = ', " + DEFINER + ", ' TRIGGER `', REPLACE(" + original + ", '`', '``'), '` ', "
                + "action_timing, ' ', event_manipulation, ' ON ', ?, ' FOR EACH ROW ', "
                + unguarded() + ") FROM information_schema.triggers "
                + "WHERE trigger_schema = DATABASE() AND event_object_table = ? AND trigger_name LIKE '%\\_\\_pitstop' "
                + "UNION ALL SELECT action_timing, event_manipulation, action_order, 3, CONCAT('DROP TRIGGER `', "
                + "REPLACE(trigger_name, '`', '``'), '`') FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = ? AND trigger_name LIKE '%\\_\\_pitstop') AS x ORDER BY t, e, o, step",
                spec.table(), q(spec.table()), spec.table(), spec.table()));
    }

    /** A copy's action_statement without its guard (the current one or, from a run stopped across an upgrade, the old one). */
    private static String unguarded() {
        int guard = USER_GUARD.length();
        int old = OLD_USER_GUARD.length();
        int end = USER_GUARD_END.length();
        return "IF(LEFT(action_statement, " + old + ") = '" + OLD_USER_GUARD + "', SUBSTRING(action_statement, " + (old + 1)
                + ", CHAR_LENGTH(action_statement) - " + (old + end) + "), SUBSTRING(action_statement, " + (guard + 1)
                + ", CHAR_LENGTH(action_statement) - " + (guard + end) + "))";
    }

    @Override
    public Optional<Sql> lockTables(List<String> tables) {
        return Optional.of(Sql.of("LOCK TABLES " + tables.stream().map(t -> q(t) + " WRITE").collect(Collectors.joining(", "))));
    }

    @Override
    public Sql unlockTables() {
        return Sql.of("UNLOCK TABLES");
    }

    /**
     * After the changes are applied to the shadow: the row-matching must mean the same in both tables, or
     * REPLACE and ON DUPLICATE KEY would silently drop rows. Unique keys must stay the same, and their
     * columns keep their type and collation, save an integer widened with the same signedness.
     */
    @Override
    public Optional<Sql> shadowProblems(RebuildSpec spec) {
        String uniques = "SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS cols FROM "
                + "information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND non_unique = 0 "
                + "GROUP BY index_name";
        String rank = "FIELD(%s.data_type, 'tinyint', 'smallint', 'mediumint', 'int', 'bigint')";
        return Optional.of(Sql.of("SELECT CONCAT('the change alters its unique key ', o.index_name, ' (', o.cols, ')') FROM ("
                + uniques + ") AS o LEFT JOIN (" + uniques + ") AS n ON n.index_name = o.index_name AND n.cols = o.cols "
                + "WHERE n.index_name IS NULL UNION ALL SELECT CONCAT('the change adds the unique key ', n.index_name, ' (', "
                + "n.cols, ')') FROM (" + uniques + ") AS n LEFT JOIN (" + uniques + ") AS o ON o.index_name = n.index_name "
                + "AND o.cols = n.cols WHERE o.index_name IS NULL UNION ALL "
                + "SELECT DISTINCT CONCAT('the change alters ', o.column_name, ', a column of a unique key, from ', o.column_type, "
                + "' to ', n.column_type, ' (only widening an integer keeps rows matched)') FROM information_schema.columns o "
                + "JOIN information_schema.columns n ON n.table_schema = o.table_schema AND n.table_name = ? "
                + "AND n.column_name = o.column_name JOIN information_schema.statistics s ON s.table_schema = o.table_schema "
                + "AND s.table_name = o.table_name AND s.column_name = o.column_name AND s.non_unique = 0 "
                + "WHERE o.table_schema = DATABASE() AND o.table_name = ? AND (o.column_type <> n.column_type "
                + "OR NOT (o.collation_name <=> n.collation_name)) AND NOT (" + String.format(rank, "o") + " > 0 AND "
                + String.format(rank, "n") + " >= " + String.format(rank, "o") + " AND (o.column_type LIKE '%unsigned%') = "
                + "(n.column_type LIKE '%unsigned%')) UNION ALL "
                // a child foreign key must reference columns of its own type, or it cannot be pointed at the new table
                + "SELECT DISTINCT CONCAT('foreign key ', k.constraint_name, ' of ', k.table_name, ' references ', "
                + "k.referenced_column_name, ' as ', c.column_type, ', which the change makes ', n.column_type, ' (change ', "
                + "k.table_name, '.', k.column_name, ' the same way first)') FROM information_schema.key_column_usage k "
                + "JOIN information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = k.table_name "
                + "AND c.column_name = k.column_name JOIN information_schema.columns n ON n.table_schema = k.table_schema "
                + "AND n.table_name = ? AND n.column_name = k.referenced_column_name WHERE k.table_schema = DATABASE() "
                + "AND k.referenced_table_schema = DATABASE() AND k.referenced_table_name = ? AND k.table_name <> ? "
                + "AND (c.column_type <> n.column_type OR NOT (c.collation_name <=> n.collation_name))",
                spec.table(), spec.shadow(), spec.shadow(), spec.table(), spec.shadow(), spec.table(), spec.shadow(),
                spec.table(), spec.table()));
    }

    @Override
    public List<Sql> dropAll(RebuildSpec spec) {
        List<Sql> statements = new ArrayList<>(List.of(Sql.of("DROP TRIGGER IF EXISTS " + q(triggerName(spec, "ins"))),
                Sql.of("DROP TRIGGER IF EXISTS " + q(triggerName(spec, "upd"))),
                Sql.of("DROP TRIGGER IF EXISTS " + q(triggerName(spec, "del"))),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.shadow())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.tombstones())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.misfits()))));
        return statements;
    }


    @Override
    public Sql copyChunk(RebuildSpec spec, List<String> after, int limit) {
        throw new UnsupportedOperationException("MySQL copies by range");
    }

    /** The server converts on assignment; ON DUPLICATE KEY keeps what the trigger wrote and, unlike IGNORE, keeps errors errors. */
    @Override
    public Sql copyRange(RebuildSpec spec, List<String> after, List<String> upto) {
        // rows the sync trigger already wrote are skipped before they are locked as duplicates (reading the
        // shadow in the INSERT's own SELECT makes the server buffer the chunk: the slower form)
        return copy(spec, after, upto, " AND NOT EXISTS (SELECT 1 FROM " + q(spec.shadow()) + " AS x WHERE "
                + keyEquals(spec, "x.", q(spec.table()) + ".") + ")", List.of());
    }

    /** A key of one integer column (any size, signed or not). */
    @Override
    public Optional<Sql> keySpan(RebuildSpec spec) {
        if (spec.key().size() != 1 || !spec.key().get(0).type().toLowerCase(Locale.ROOT)
                .matches("(tiny|small|medium|big)?int\\b.*")) {
            return Optional.empty();
        }
        String k = q(spec.key().get(0).name());
        return Optional.of(Sql.of("SELECT CAST(MIN(" + k + ") AS CHAR) AS lo, CAST(MAX(" + k + ") AS CHAR) AS hi FROM "
                + q(spec.table())));
    }

    @Override
    public Optional<Sql> alreadyCopied(RebuildSpec spec, List<String> after, List<String> upto, int limit) {
        Range range = range(spec, after, upto);
        return Optional.of(new Sql("SELECT " + keyTexts(spec) + " FROM " + q(spec.shadow()) + " WHERE " + range.where()
                + " LIMIT " + (limit + 1), range.args()));
    }

    @Override
    public Sql copyRange(RebuildSpec spec, List<String> after, List<String> upto, List<List<String>> skip) {
        if (skip.isEmpty()) {
            return copy(spec, after, upto, "", List.of());
        }
        String one = "(" + spec.key().stream().map(k -> q(k.name()) + " = " + placeholder(k)).collect(Collectors.joining(" AND "))
                + ")";
        List<Object> args = new ArrayList<>();
        skip.forEach(args::addAll);
        return copy(spec, after, upto, " AND NOT (" + String.join(" OR ", java.util.Collections.nCopies(skip.size(), one))
                + ")", args);
    }

    private record Range(String where, List<Object> args) {
    }

    private static Range range(RebuildSpec spec, List<String> after, List<String> upto) {
        List<Object> args = new ArrayList<>();
        Sql below = keyBound(spec, "", false, upto);
        String where = below.text();
        if (after != null) {
            Sql above = keyBound(spec, "", true, after);
            where = above.text() + " AND " + where;
            args.addAll(above.args());
        }
        args.addAll(below.args());
        return new Range(where, args);
    }

    private static Sql copy(RebuildSpec spec, List<String> after, List<String> upto, String skip, List<Object> skipArgs) {
        Range range = range(spec, after, upto);
        List<Object> args = new ArrayList<>(range.args());
        args.addAll(skipArgs);
        String first = q(spec.shadow()) + "." + q(spec.key().get(0).name());
        return new Sql("INSERT INTO " + q(spec.shadow()) + " (" + columnList(spec, "") + ") SELECT " + columnList(spec, "")
                + " FROM " + q(spec.table()) + " WHERE " + range.where() + skip + " ON DUPLICATE KEY UPDATE " + first + " = "
                + first, args);
    }

    @Override
    public Optional<Sql> copyWarnings() {
        return Optional.of(Sql.of("SHOW WARNINGS"));
    }

    @Override
    public Sql secondaryIndexes(RebuildSpec spec) {
        return Sql.of(NONE);
    }

    @Override
    public Sql invalidIndexes(RebuildSpec spec) {
        return Sql.of(NONE);
    }

    @Override
    public Sql transactionsOlderThan(Instant instant) {
        return Sql.of("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id <> CONNECTION_ID() "
                + "AND trx_started < ?", Timestamp.from(instant));
    }

    @Override
    public Sql now() {
        return Sql.of("SELECT NOW(6)");
    }

    /**
     * Removes shadow rows whose key was deleted from the original after the copy read it, in READ COMMITTED
     * (no gap locks, which made an application's tombstone insert and the reconcile deadlock) with a
     * locking probe of the original, so a key being inserted again waits to be seen. Tombstones are
     * consumed in two steps so that none recorded while this runs is lost: those up to a watermark whose
     * key needs nothing (no resurrected row left) go first, then the resurrected rows (counted); their
     * tombstones go in the next round.
     */
    @Override
    public List<Sql> reconcile(RebuildSpec spec) {
        // row-lock waits of one second: the reconcile gives way to the application and is retried
        return List.of(Sql.of("SET SESSION innodb_lock_wait_timeout = 1, @pitstop_sync = 1, @pitstop_tombstones = "
                        + "(SELECT COALESCE(MAX(pitstop_id), 0) FROM " + q(spec.tombstones()) + ")"),
                Sql.of("DELETE FROM " + q(spec.tombstones()) + " WHERE pitstop_id <= @pitstop_tombstones AND NOT EXISTS "
                        + "(SELECT 1 FROM " + q(spec.shadow()) + " AS s WHERE " + keyEquals(spec, "s.", q(spec.tombstones()) + ".")
                        + " AND NOT EXISTS (SELECT 1 FROM " + q(spec.table()) + " AS o WHERE "
                        + keyEquals(spec, "o.", q(spec.tombstones()) + ".") + " LOCK IN SHARE MODE))"),
                Sql.of("DELETE s FROM " + q(spec.shadow()) + " AS s JOIN " + q(spec.tombstones()) + " AS d ON "
                        + keyEquals(spec, "s.", "d.") + " WHERE d.pitstop_id <= @pitstop_tombstones AND NOT EXISTS "
                        + "(SELECT 1 FROM " + q(spec.table()) + " AS o WHERE " + keyEquals(spec, "o.", "d.") + " LOCK IN SHARE MODE)"));
    }

    /** The end of the next range, with the number of keys in it as {@code n}. */
    @Override
    public Sql rangeEnd(RebuildSpec spec, List<String> after, int size) {
        Sql above = after == null ? null : keyBound(spec, "", true, after);
        String where = above == null ? "" : " WHERE " + above.text();
        String range = "SELECT " + keyList(spec, "") + " FROM " + q(spec.table()) + where + " ORDER BY " + keyList(spec, "")
                + " LIMIT " + size;
        String desc = spec.key().stream().map(k -> q(k.name()) + " DESC").collect(Collectors.joining(", "));
        List<Object> args = new ArrayList<>();
        if (spec.key().size() == 1) {
            // one pass over the range: the largest key of a single-column key is its end
            KeyColumn k = spec.key().get(0);
            String end = binary(k) ? "HEX(MAX(" + q(k.name()) + "))" : "CAST(MAX(" + q(k.name()) + ") AS CHAR)";
            if (above != null) {
                args.addAll(above.args());
            }
            return new Sql("SELECT " + end + " AS k1, COUNT(*) AS n FROM (" + range + ") AS r HAVING COUNT(*) > 0", args);
        }
        if (above != null) {
            args.addAll(above.args());
            args.addAll(above.args());
        }
        return new Sql("SELECT " + keyTexts(spec) + ", (SELECT COUNT(*) FROM (" + range + ") AS c) AS n FROM (" + range
                + ") AS r ORDER BY " + desc + " LIMIT 1", args);
    }

    /** Only the columns whose type the change leaves alone: a converted value's text differs by design. */
    @Override
    public Sql checksumOriginal(RebuildSpec spec, List<String> after, List<String> upto) {
        return checksum(spec, spec.table(), after, upto);
    }

    @Override
    public Sql checksumShadow(RebuildSpec spec, List<String> after, List<String> upto) {
        return checksum(spec, spec.shadow(), after, upto);
    }

    private static Sql checksum(RebuildSpec spec, String table, List<String> after, List<String> upto) {
        List<String> parts = new ArrayList<>();
        for (RebuiltColumn c : spec.columns()) {
            if (c.checkExpression() != null) {
                parts.add(q(c.name()));
                parts.add("ISNULL(" + q(c.name()) + ")");
            }
        }
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (after != null) {
            Sql above = keyBound(spec, "", true, after);
            where.add(above.text());
            args.addAll(above.args());
        }
        if (upto != null) {
            Sql below = keyBound(spec, "", false, upto);
            where.add(below.text());
            args.addAll(below.args());
        }
        return new Sql("SELECT COUNT(*) AS n, CAST(COALESCE(BIT_XOR(CRC32(CONCAT_WS('#', " + String.join(", ", parts)
                + "))), 0) AS CHAR) AS hash FROM " + q(table) + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)),
                args);
    }

    /**
     * Open transactions, longest first (InnoDB does not say which tables a transaction touched without the
     * metadata-lock instrumentation): one readable line each.
     */
    @Override
    public Sql blockers(String table) {
        return Sql.of("SELECT CONCAT('thread ', t.trx_mysql_thread_id, ' (', COALESCE(p.user, '?'), ', ', "
                + "COALESCE(p.command, '?'), ', transaction open for ', TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), ' s)', "
                + "COALESCE(CONCAT(': ', LEFT(COALESCE(t.trx_query, p.info), 120)), '')) AS blocker "
                + "FROM information_schema.innodb_trx t "
                + "LEFT JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id "
                + "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() AND t.trx_started < NOW() - INTERVAL 1 SECOND "
                + "AND (p.db IS NULL OR p.db = DATABASE()) ORDER BY t.trx_started");
    }

    @Override
    public List<Sql> lockForCutOver(RebuildSpec spec, Duration lockTimeout, List<String> children) {
        List<Sql> statements = new ArrayList<>();
        statements.add(Sql.of("SET SESSION lock_wait_timeout = " + Math.max(1, (lockTimeout.toMillis() + 999) / 1000)));
        if (!flavour.mariaDb()) {
            statements.add(Sql.of("SET SESSION information_schema_stats_expiry = 0"));
        }
        // CREATE TABLE LIKE starts the counter afresh: carry it, so ids of rows deleted at the end are not reused
        statements.add(Sql.of("SET @pitstop_ddl = COALESCE((SELECT CONCAT('ALTER TABLE " + q(spec.shadow()).replace("'", "''")
                + " AUTO_INCREMENT = ', auto_increment) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = ? AND auto_increment IS NOT NULL), 'DO 0')", spec.table()));
        statements.add(Sql.of("PREPARE pitstop_ddl FROM @pitstop_ddl"));
        statements.add(Sql.of("EXECUTE pitstop_ddl"));
        statements.add(Sql.of("DEALLOCATE PREPARE pitstop_ddl"));
        return statements;
    }

    /**
     * Forward, a misfit's row was deleted from the shadow; on the way back it stays in the old table as it
     * was (in either table: a key moved away leaves its stale row in the old one), and its key is cleared
     * once a write of it fits.
     */
    @Override
    public Sql misfits(RebuildSpec spec) {
        return Sql.of("SELECT DISTINCT CONCAT('(', CONCAT_WS(',', " + keyList(spec, "d.") + "), ')') FROM " + q(spec.misfits())
                + " AS d WHERE (EXISTS (SELECT 1 FROM " + q(spec.table()) + " AS n WHERE " + keyEquals(spec, "n.", "d.")
                + ")" + (spec.reverse() ? " OR EXISTS (SELECT 1 FROM " + q(spec.shadow()) + " AS o WHERE "
                + keyEquals(spec, "o.", "d.") + "))" : ") AND NOT EXISTS (SELECT 1 FROM " + q(spec.shadow()) + " AS o WHERE "
                + keyEquals(spec, "o.", "d.") + ")") + " LIMIT 5");
    }

    @Override
    public Sql childTables(String table) {
        return Sql.of("SELECT DISTINCT table_name FROM information_schema.referential_constraints "
                + "WHERE constraint_schema = DATABASE() AND referenced_table_name = ? AND table_name <> ?", table, table);
    }

    @Override
    public List<Sql> beforeSwap(RebuildSpec spec) {
        return List.of();
    }

    /** Table grants name the table, so they follow the name; the trigger definitions go with the old table. */
    @Override
    public List<Sql> carryOver(RebuildSpec spec) {
        return List.of();
    }

    /**
     * One atomic RENAME. The sync triggers go along with the table moving out, where they skip the way-back
     * writes until contract drops that table (dropping them now would be DDL on a table every write opens
     * through the way-back triggers); the way-back triggers, created on the shadow, go along with it.
     */
    @Override
    public List<Sql> swap(RebuildSpec spec) {
        return List.of(Sql.of("RENAME TABLE " + q(spec.table()) + " TO " + q(spec.old()) + ", " + q(spec.shadow()) + " TO "
                + q(spec.table())));
    }


    /** A child's foreign key as SQL: its columns, the parent's columns and its rules, from key_column_usage. */
    private static String foreignKey(String name, String parent) {
        return "CONCAT('CONSTRAINT `', REPLACE(" + name + ", '`', '``'), '` FOREIGN KEY (', (SELECT GROUP_CONCAT(CONCAT('`', "
                + "REPLACE(k.column_name, '`', '``'), '`') ORDER BY k.ordinal_position) FROM information_schema.key_column_usage k "
                + "WHERE k.constraint_schema = r.constraint_schema AND k.table_name = r.table_name AND k.constraint_name = "
                + "r.constraint_name), ') REFERENCES " + parent.replace("'", "''") + " (', (SELECT GROUP_CONCAT(CONCAT('`', "
                + "REPLACE(k.referenced_column_name, '`', '``'), '`') ORDER BY k.ordinal_position) FROM "
                + "information_schema.key_column_usage k WHERE k.constraint_schema = r.constraint_schema AND k.table_name = "
                + "r.table_name AND k.constraint_name = r.constraint_name), ') ON DELETE ', r.delete_rule, ' ON UPDATE ', "
                + "r.update_rule)";
    }

    /**
     * A child's foreign key that followed the table moving out is added again onto the table under a
     * temporary name and dropped in the same statement (no moment without it), then renamed back the same
     * way; with the checks off both are metadata changes (INPLACE) that copy nothing. The temporary name
     * ends in {@code __pitstop}, so a run stopped in between finishes the rename.
     */
    @Override
    public Optional<Sql> repointForeignKeys(RebuildSpec spec) {
        String table = q(spec.table());
        String temporary = "CONCAT(LEFT(r.constraint_name, 55), '__pitstop')";
        String stripped = "LEFT(r.constraint_name, CHAR_LENGTH(r.constraint_name) - 9)";
        String from = " FROM information_schema.referential_constraints r WHERE r.constraint_schema = DATABASE() "
                + "AND r.referenced_table_name = ? AND r.table_name <> ?";
        return Optional.of(Sql.of("SELECT ddl FROM (SELECT 1 AS step, r.table_name AS t, r.constraint_name AS c, "
                + alterChild(temporary, table, "r.constraint_name") + " AS ddl" + from
                + " UNION ALL SELECT 2, r.table_name, r.constraint_name, " + alterChild("r.constraint_name", table, temporary) + from
                + " UNION ALL SELECT 2, r.table_name, r.constraint_name, " + alterChild(stripped, table, "r.constraint_name") + from
                + " AND r.constraint_name LIKE '%\\_\\_pitstop') AS x ORDER BY step, t, c",
                spec.old(), spec.old(), spec.old(), spec.old(), spec.table(), spec.table()));
    }

    /** {@code ALTER TABLE child ADD <foreign key named add onto parent>, DROP FOREIGN KEY <drop>}. */
    private static String alterChild(String add, String parent, String drop) {
        return "CONCAT('ALTER TABLE `', REPLACE(r.table_name, '`', '``'), '` ADD ', " + foreignKey(add, parent)
                + ", ', DROP FOREIGN KEY `', REPLACE(" + drop + ", '`', '``'), '`, ALGORITHM = INPLACE')";
    }

    @Override
    public Sql foreignKeyChecks(boolean on) {
        return Sql.of("SET SESSION foreign_key_checks = " + (on ? 1 : 0));
    }

    @Override
    public Sql validateForeignKeys(String table) {
        return Sql.of(NONE);
    }

    @Override
    public List<Sql> dropOld(RebuildSpec spec) {
        return List.of(Sql.of("DROP TABLE IF EXISTS " + q(spec.old())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.tombstones())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.misfits())));
    }

    @Override
    public Sql estimatedRows(String table) {
        return Sql.of("SELECT COALESCE(table_rows, 0) AS n FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = ?", table);
    }

    @Override
    public Optional<Sql> rowsByKeyRange(RebuildSpec spec) {
        return keySpan(spec).map(span -> {
            String k = q(spec.key().get(0).name());
            return Sql.of("SELECT COALESCE(MAX(" + k + ") - MIN(" + k + ") + 1, 0) AS n FROM " + q(spec.table()));
        });
    }

    @Override
    public Sql analyze(String table) {
        return Sql.of("ANALYZE TABLE " + q(table));
    }

    /**
     * The copy session: row-lock waits of one second at most (InnoDB's least), READ COMMITTED so the
     * INSERT ... SELECT reads the original without locking it, and on MariaDB a statement time limit.
     */
    @Override
    public Sql statementTimeout(Duration timeout) {
        String isolation = flavour.mariaDb() ? "tx_isolation" : "transaction_isolation";
        return Sql.of("SET SESSION innodb_lock_wait_timeout = 1, " + isolation + " = 'READ-COMMITTED', @pitstop_sync = 1"
                + (flavour.mariaDb() ? ", max_statement_time = " + Math.max(0.001, timeout.toMillis() / 1000.0) : ""));
    }

    @Override
    public Sql exists(String table) {
        return Sql.of("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", table);
    }

    @Override
    public Sql updateRange(RebuildSpec keyed, String set, String where, List<String> after, List<String> upto) {
        return inRange("UPDATE " + q(keyed.table()) + " SET " + set, keyed, where, after, upto);
    }

    @Override
    public Sql deleteRange(RebuildSpec keyed, String where, List<String> after, List<String> upto) {
        return inRange("DELETE FROM " + q(keyed.table()), keyed, where, after, upto);
    }

    private static Sql inRange(String head, RebuildSpec keyed, String where, List<String> after, List<String> upto) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (where != null) {
            conditions.add("(" + where + ")");
        }
        for (Sql bound : new Sql[] {after == null ? null : keyBound(keyed, "", true, after),
                upto == null ? null : keyBound(keyed, "", false, upto)}) {
            if (bound != null) {
                conditions.add("(" + bound.text() + ")");
                args.addAll(bound.args());
            }
        }
        return new Sql(head + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)), args);
    }

    /** As the copy's session, but the writes are the application's own: Pitstop's sync triggers see them. */
    @Override
    public Sql dataChunkSession(Duration timeout) {
        String isolation = flavour.mariaDb() ? "tx_isolation" : "transaction_isolation";
        return Sql.of("SET SESSION innodb_lock_wait_timeout = 1, " + isolation + " = 'READ-COMMITTED', @pitstop_sync = NULL"
                + (flavour.mariaDb() ? ", max_statement_time = " + Math.max(0.001, timeout.toMillis() / 1000.0) : ""));
    }
}
