package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSpec.RebuiltColumn;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The online table rebuild on PostgreSQL. The sync trigger writes in the writer's own transaction, so
 * original and shadow agree in every snapshot; the copy never locks rows of the original. A row the
 * copy read before the application deleted it would come back to life in the shadow (DESIGN.md §3):
 * the trigger records every deleted key as a tombstone, and {@link #reconcile} (run after every chunk,
 * in REPEATABLE READ so that it fails rather than act on a row changed since its snapshot) removes
 * such rows. The file is long because it holds one SQL text per stage of the rebuild.
 */
final class PostgresRebuildSql implements RebuildSql {

    static final String TRUNCATE_TRIGGER = "pitstop_sync_truncate";

    private static String truncateFunction(RebuildSpec spec) {
        return spec.syncFunction().replaceFirst("_sync$", "_trunc");
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A name inside a RAISE format string literal. */
    private static String inMessage(String name) {
        return q(name).replace("'", "''").replace("%", "%%");
    }

    static String q(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String keyList(RebuildSpec spec, String prefix) {
        return spec.key().stream().map(k -> prefix + q(k.name())).collect(Collectors.joining(", "));
    }

    /** (CAST(? AS type), ...) for checkpointed key values. */
    private static String keyValues(RebuildSpec spec) {
        return spec.key().stream().map(k -> "CAST(? AS " + k.type() + ")").collect(Collectors.joining(", "));
    }

    private static String columnList(RebuildSpec spec) {
        return spec.columns().stream().map(c -> q(c.name())).collect(Collectors.joining(", "));
    }

    /** Values to insert into the shadow: assignment to the new type converts them, and fails loudly rather than truncate. */
    private static String expressions(RebuildSpec spec) {
        return spec.columns().stream().map(c -> c.expression() + " AS " + q(c.name())).collect(Collectors.joining(", "));
    }

    @Override
    public String quote(String name) {
        return q(name);
    }

    @Override
    public String conversion(String value, String type) {
        return "CAST(" + value + " AS " + type + ")";
    }

    @Override
    public String columnTypeChange(String quotedColumn, String type, String conversion) {
        return "ALTER COLUMN " + quotedColumn + " TYPE " + type + " USING " + conversion;
    }

    @Override
    public Sql preview(String stage, String table) {
        String shadow = "_" + table + "__pitstop_new";
        return Sql.of(switch (stage) {
            case "PREPARE" -> "-- CREATE TABLE " + shadow + " (LIKE " + table + " INCLUDING ALL); ALTER TABLE " + shadow
                    + " ...; CREATE TRIGGER pitstop_sync AFTER INSERT OR UPDATE OR DELETE ON " + table;
            case "COPY" -> "-- INSERT INTO " + shadow + " SELECT ... FROM " + table
                    + " WHERE key > :watermark ORDER BY key LIMIT :chunk ON CONFLICT DO NOTHING";
            case "VERIFY" -> "-- ANALYZE " + shadow + "; SELECT count(*), md5(string_agg(...)) per key range, REPEATABLE READ";
            case "CUT_OVER" -> "-- LOCK TABLE " + table + ", " + shadow + " IN ACCESS EXCLUSIVE MODE; ALTER TABLE " + table
                    + " RENAME TO _" + table + "__pitstop_old; ALTER TABLE " + shadow + " RENAME TO " + table;
            case "ABORT" -> "-- before the cut-over: DROP TABLE _" + table + "__pitstop_new and the sync trigger; after it: "
                    + "LOCK both, ALTER TABLE " + table + " RENAME TO _" + table + "__pitstop_new; ALTER TABLE _" + table
                    + "__pitstop_old RENAME TO " + table + "; DROP TABLE _" + table + "__pitstop_new";
            default -> "-- DROP TRIGGER pitstop_sync ON " + table + "; DROP TABLE _" + table + "__pitstop_old";
        });
    }

    @Override
    public Sql key(String table) {
        return Sql.of("WITH k AS (SELECT i.indrelid, i.indkey::int2[] AS cols FROM pg_index i "
                + "WHERE i.indrelid = to_regclass(quote_ident(?)) AND i.indisunique AND i.indimmediate AND i.indisvalid "
                + "AND i.indpred IS NULL "
                + "AND i.indexprs IS NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid "
                + "AND a.attnum = ANY (i.indkey::int2[]) AND NOT a.attnotnull) "
                + "ORDER BY i.indisprimary DESC, i.indnatts, i.indexrelid LIMIT 1) "
                + "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type "
                + "FROM k CROSS JOIN LATERAL unnest(k.cols) WITH ORDINALITY AS c(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = k.indrelid AND a.attnum = c.attnum ORDER BY c.ord", table);
    }

    @Override
    public Sql columns(String table) {
        return Sql.of("SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
                + "WHERE attrelid = to_regclass(quote_ident(?)) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' "
                + "ORDER BY attnum", table);
    }

    @Override
    public Sql obstacles(String table) {
        return Sql.of("WITH RECURSIVE t AS (SELECT to_regclass(quote_ident(?)) AS oid), "
                + "deps(oid, depth) AS (SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid, t "
                + "WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid "
                + "AND r.ev_class <> t.oid UNION SELECT r.ev_class, deps.depth + 1 FROM deps JOIN pg_depend d "
                + "ON d.refobjid = deps.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
                + "JOIN pg_rewrite r ON r.oid = d.objid WHERE r.ev_class <> deps.oid AND deps.depth < 100) "
                + "SELECT format('its foreign key %I references the table itself (not supported yet)', c.conname) AS problem "
                + "FROM pg_constraint c, t WHERE c.contype = 'f' AND c.confrelid = t.oid AND c.conrelid = t.oid "
                + "UNION ALL SELECT DISTINCT format(CASE WHEN v.relkind = 'm' THEN 'materialized view %s depends on it '"
                + "|| '(refreshing it at the cut-over is not supported yet)' WHEN v.relkind <> 'v' THEN '%s depends on it '"
                + "|| 'through a rule (not supported yet)' ELSE 'view %s depends on it and has triggers or '"
                + "|| 'rules of its own (moving them is not supported yet)' END, v.oid::regclass) "
                + "FROM deps JOIN pg_class v ON v.oid = deps.oid WHERE v.relkind <> 'v' "
                + "OR EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = v.oid) OR EXISTS (SELECT 1 FROM pg_rewrite o "
                + "WHERE o.ev_class = v.oid AND o.rulename <> '_RETURN') "
                + "UNION ALL SELECT 'it is partitioned, a partition, or part of an inheritance tree' FROM pg_class c, t "
                + "WHERE c.oid = t.oid AND (c.relkind = 'p' OR c.relispartition OR EXISTS "
                + "(SELECT 1 FROM pg_inherits WHERE inhrelid = t.oid OR inhparent = t.oid)) "
                + "UNION ALL SELECT 'it has row-level security' FROM pg_class c, t WHERE c.oid = t.oid AND c.relrowsecurity "
                + "UNION ALL SELECT 'it has generated columns (not supported yet)' FROM pg_attribute a, t "
                + "WHERE a.attrelid = t.oid AND a.attgenerated <> '' AND NOT a.attisdropped "
                + "UNION ALL SELECT format('its exclusion constraint %I cannot be rebuilt online yet', c.conname) "
                + "FROM pg_constraint c, t WHERE c.conrelid = t.oid AND c.contype = 'x' "
                + "UNION ALL SELECT 'its primary key is deferrable (not supported yet)' FROM pg_index i, t "
                + "WHERE i.indrelid = t.oid AND i.indisprimary AND NOT i.indimmediate "
                + "UNION ALL SELECT format('it is published by %I (moving publication membership is not supported yet)', "
                + "p.pubname) FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid, t WHERE r.prrelid = t.oid "
                + "UNION ALL SELECT format('publication %I publishes all tables, and would publish the shadow too', pubname) "
                + "FROM pg_publication WHERE puballtables", table);
    }

    @Override
    public List<Sql> createShadow(RebuildSpec spec) {
        String key = keyList(spec, "");
        return List.of(
                Sql.of("CREATE TABLE " + q(spec.shadow()) + " (LIKE " + q(spec.table()) + " INCLUDING ALL EXCLUDING INDEXES)"),
                Sql.of("ALTER TABLE " + q(spec.shadow()) + " " + String.join(", ", spec.changes())),
                // the key's index now (the copy and the trigger need it), every other index after the copy
                Sql.of("DO $pitstop$ BEGIN IF EXISTS (SELECT 1 FROM pg_index WHERE indrelid = to_regclass(" + literal(q(spec.table()))
                        + ") AND indisprimary) THEN EXECUTE " + literal("ALTER TABLE " + q(spec.shadow()) + " ADD PRIMARY KEY ("
                        + key + ")") + "; ELSE EXECUTE " + literal("CREATE UNIQUE INDEX ON " + q(spec.shadow()) + " (" + key + ")")
                        + "; END IF; END $pitstop$"),
                Sql.of("CREATE TABLE " + q(spec.tombstones()) + " AS SELECT " + keyList(spec, "") + " FROM "
                        + q(spec.table()) + " WITH NO DATA"),
                // LIKE does not copy persistence: an unlogged original stays unlogged
                Sql.of("DO $pitstop$ BEGIN IF (SELECT relpersistence FROM pg_class WHERE oid = to_regclass("
                        + literal(q(spec.table())) + ")) = 'u' THEN EXECUTE " + literal("ALTER TABLE " + q(spec.shadow())
                        + " SET UNLOGGED") + "; END IF; END $pitstop$"));
    }

    /**
     * The trigger that keeps the other table in sync, in the writer's transaction. A converted column is
     * converted first, into a variable of its target type, inside a block that catches a value that does
     * not fit: the writer's statement still succeeds, the row is removed from the other table and its key
     * kept in the tombstone table (forth: VERIFY then names the range; back: abort refuses). The block
     * writes nothing, so it takes no subtransaction id. On the way back a value must also survive the way
     * forth unchanged, or it would come back different after an abort and a new cut-over.
     */
    @Override
    public List<Sql> installSync(RebuildSpec spec) {
        String keys = keyList(spec, "");
        String oldKeys = keyList(spec, "OLD.");
        String newKeys = keyList(spec, "NEW.");
        List<String> updates = new ArrayList<>();
        List<String> declare = new ArrayList<>();
        List<String> convertedExpressions = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> oldShape = new ArrayList<>();
        List<String> roundTrip = new ArrayList<>();
        List<String> newValues = new ArrayList<>();
        for (RebuiltColumn c : spec.columns()) {
            if (spec.key().stream().noneMatch(k -> k.name().equals(c.name()))) {
                updates.add(q(c.name()) + " = EXCLUDED." + q(c.name()));
            }
            if (c.converted()) {
                String variable = q("__pitstop_v" + (variables.size() + 1));
                declare.add(variable + " " + c.convertTo() + ";");
                convertedExpressions.add(c.expression());
                variables.add(variable);
                values.add(variable + " AS " + q(c.name()));
                oldShape.add(variable + " AS " + q(c.name()));
                roundTrip.add(c.checkExpression());
                newValues.add("NEW." + q(c.name()));
            } else {
                values.add(c.expression() + " AS " + q(c.name()));
                oldShape.add("NEW." + q(c.name()) + " AS " + q(c.name()));
            }
        }
        String onConflict = updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates);
        String convert = "";
        if (!variables.isEmpty()) {
            String check = !spec.reverse() ? "" : """
                      IF (SELECT ROW(%s)::text FROM (SELECT %s) AS src) IS DISTINCT FROM ROW(%s)::text THEN
                        RAISE EXCEPTION 'the value would not come back the same' USING ERRCODE = 'data_exception';
                      END IF;
                """.formatted(String.join(", ", roundTrip), String.join(", ", oldShape), String.join(", ", newValues));
            convert = """
                    BEGIN
                      SELECT %1$s INTO %2$s FROM (SELECT NEW.*) AS src;
                %3$s    EXCEPTION WHEN OTHERS THEN
                      DELETE FROM %4$s WHERE (%5$s) = (%6$s);
                      INSERT INTO %7$s (%5$s) VALUES (%6$s);
                      RAISE WARNING 'pitstop: the row of %8$s with key %% does not fit %9$s (%%); it is left out of it',
                        ROW(%6$s), SQLERRM;
                      RETURN NULL;
                    END;
                """.formatted(String.join(", ", convertedExpressions), String.join(", ", variables), check,
                    q(spec.shadow()), keys, newKeys, q(spec.misfits()), inMessage(spec.table()), inMessage(spec.shadow()));
        }
        String tombstone = spec.reverse() ? "" : "    INSERT INTO " + q(spec.tombstones()) + " (" + keys + ") VALUES ("
                + oldKeys + ");\n";
        String body = """
                DECLARE
                %1$s
                BEGIN
                  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (%2$s) IS DISTINCT FROM (%3$s)) THEN
                    DELETE FROM %4$s WHERE (%5$s) = (%2$s);
                %6$s  END IF;
                  IF TG_OP <> 'DELETE' THEN
                %7$s    INSERT INTO %4$s (%8$s) OVERRIDING SYSTEM VALUE SELECT %9$s FROM (SELECT NEW.*) AS src
                      ON CONFLICT (%5$s) %10$s;
                  END IF;
                  RETURN NULL;
                END
                """.formatted(String.join("\n", declare), oldKeys, newKeys, q(spec.shadow()), keys, tombstone, convert,
                columnList(spec), String.join(", ", values), onConflict);
        return List.of(
                Sql.of("CREATE TABLE IF NOT EXISTS " + q(spec.misfits()) + " AS SELECT " + keys + " FROM " + q(spec.table())
                        + " WITH NO DATA"),
                Sql.of("CREATE OR REPLACE FUNCTION " + q(spec.syncFunction()) + "() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$pitstop$\n" + body + "$pitstop$"),
                Sql.of("CREATE OR REPLACE FUNCTION " + q(truncateFunction(spec)) + "() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$pitstop$\nBEGIN\n  TRUNCATE " + q(spec.shadow()) + (spec.reverse() ? "" : ", " + q(spec.tombstones()))
                        + ";\n  RETURN NULL;\nEND\n$pitstop$"),
                Sql.of("CREATE TRIGGER " + q(spec.syncTrigger()) + " AFTER INSERT OR UPDATE OR DELETE ON " + q(spec.table())
                        + " FOR EACH ROW EXECUTE FUNCTION " + q(spec.syncFunction()) + "()"),
                Sql.of("CREATE TRIGGER " + q(TRUNCATE_TRIGGER) + " AFTER TRUNCATE ON " + q(spec.table())
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + q(truncateFunction(spec)) + "()"),
                // replication apply workers and pg_restore run with session_replication_role = replica: fire anyway
                Sql.of("ALTER TABLE " + q(spec.table()) + " ENABLE ALWAYS TRIGGER " + q(spec.syncTrigger())
                        + ", ENABLE ALWAYS TRIGGER " + q(TRUNCATE_TRIGGER)));
    }

    @Override
    public List<Sql> dropAll(RebuildSpec spec) {
        return List.of(
                Sql.of("DROP TRIGGER IF EXISTS " + q(spec.syncTrigger()) + " ON " + q(spec.table())),
                Sql.of("DROP TRIGGER IF EXISTS " + q(TRUNCATE_TRIGGER) + " ON " + q(spec.table())),
                Sql.of("DROP FUNCTION IF EXISTS " + q(spec.syncFunction()) + "()"),
                Sql.of("DROP FUNCTION IF EXISTS " + q(truncateFunction(spec)) + "()"),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.shadow())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.tombstones())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.misfits())));
    }

    @Override
    public Sql copyChunk(RebuildSpec spec, List<String> after, int limit) {
        String orderDesc = spec.key().stream().map(k -> q("__" + k.name()) + " DESC").collect(Collectors.joining(", "));
        String keyAliases = spec.key().stream().map(k -> q(k.name()) + " AS " + q("__" + k.name()))
                .collect(Collectors.joining(", "));
        List<String> lastKey = new ArrayList<>();
        for (int i = 0; i < spec.key().size(); i++) {
            lastKey.add(q("__" + spec.key().get(i).name()) + "::text AS k" + (i + 1));
        }
        String where = after == null ? "" : " WHERE (" + keyList(spec, "") + ") > (" + keyValues(spec) + ")";
        String sql = "WITH src AS (SELECT " + expressions(spec) + ", " + keyAliases + " FROM " + q(spec.table()) + where
                + " ORDER BY " + keyList(spec, "") + " LIMIT " + limit + "), "
                + "ins AS (INSERT INTO " + q(spec.shadow()) + " (" + columnList(spec) + ") OVERRIDING SYSTEM VALUE SELECT "
                + columnList(spec) + " FROM src ON CONFLICT (" + keyList(spec, "") + ") DO NOTHING) "
                + "SELECT (SELECT count(*) FROM src) AS copied, l.* FROM (SELECT 1) AS one LEFT JOIN (SELECT "
                + String.join(", ", lastKey) + " FROM src ORDER BY " + orderDesc + " LIMIT 1) AS l ON true";
        return new Sql(sql, after == null ? List.of() : List.copyOf(after));
    }

    /**
     * Every index of the original but the key's, as CREATE INDEX CONCURRENTLY on the shadow (it gets its
     * name at the cut-over, when indexes are paired by definition). Built after the copy: the copy runs
     * faster without them, and a unique index never meets a row the copy resurrected.
     */
    @Override
    public Sql secondaryIndexes(RebuildSpec spec) {
        return Sql.of("SELECT 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX CONCURRENTLY '"
                + " || quote_ident('_' || left(c.relname, 50) || '__pn') || ' ON ' || quote_ident(?) || ' USING '"
                + " || regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS ddl"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(quote_ident(?))"
                + " AND NOT (i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL AND (SELECT string_agg(a.attname, ','"
                + " ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = k.attnum) = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE s.relname = '_' || left(c.relname, 50) || '__pn'"
                + " AND s.relnamespace = c.relnamespace) ORDER BY c.relname",
                spec.shadow(), spec.table(), String.join(",", spec.key().stream().map(RebuildSpec.KeyColumn::name).toList()));
    }

    @Override
    public Sql invalidIndexes(RebuildSpec spec) {
        return Sql.of("SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %s', i.indexrelid::regclass) AS ddl FROM pg_index i "
                + "WHERE i.indrelid = to_regclass(quote_ident(?)) AND NOT i.indisvalid", spec.shadow());
    }

    @Override
    public Sql transactionsOlderThan(Instant instant) {
        return Sql.of("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND xact_start < ? "
                + "AND datname = current_database()", Timestamp.from(instant));
    }

    @Override
    public Sql now() {
        return Sql.of("SELECT now()");
    }

    /**
     * Run in one REPEATABLE READ transaction. The copy keeps the shadow's statistics current (see
     * {@link #analyze}), so the planner looks the tombstoned keys up by index instead of scanning the shadow.
     */
    @Override
    public List<Sql> reconcile(RebuildSpec spec) {
        String g = keyList(spec, "g.");
        return List.of(Sql.of("WITH gone AS (DELETE FROM " + q(spec.tombstones()) + " RETURNING " + keyList(spec, "") + ") "
                        + "DELETE FROM " + q(spec.shadow()) + " AS s USING gone AS g WHERE (" + keyList(spec, "s.") + ") = ("
                        + g + ") AND NOT EXISTS (SELECT 1 FROM " + q(spec.table()) + " AS o WHERE (" + keyList(spec, "o.")
                        + ") = (" + g + "))"));
    }

    @Override
    public Sql rangeEnd(RebuildSpec spec, List<String> after, int size) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < spec.key().size(); i++) {
            texts.add(q(spec.key().get(i).name()) + "::text AS k" + (i + 1));
        }
        String desc = spec.key().stream().map(k -> q(k.name()) + " DESC").collect(Collectors.joining(", "));
        String where = after == null ? "" : " WHERE (" + keyList(spec, "") + ") > (" + keyValues(spec) + ")";
        // n: how many keys the range holds (fewer than size: it is the last)
        return new Sql("SELECT " + String.join(", ", texts) + ", n FROM (SELECT r.*, count(*) OVER () AS n FROM (SELECT "
                + keyList(spec, "") + " FROM " + q(spec.table()) + where + " ORDER BY " + keyList(spec, "") + " LIMIT " + size
                + ") AS r) AS r ORDER BY " + desc + " LIMIT 1", after == null ? List.of() : List.copyOf(after));
    }

    @Override
    public Sql checksumOriginal(RebuildSpec spec, List<String> after, List<String> upto) {
        String row = spec.columns().stream().map(RebuiltColumn::checkExpression).collect(Collectors.joining(", "));
        return checksum(spec, spec.table(), row, after, upto);
    }

    @Override
    public Sql checksumShadow(RebuildSpec spec, List<String> after, List<String> upto) {
        return checksum(spec, spec.shadow(), columnList(spec), after, upto);
    }

    private static Sql checksum(RebuildSpec spec, String table, String row, List<String> after, List<String> upto) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (after != null) {
            where.add("(" + keyList(spec, "") + ") > (" + keyValues(spec) + ")");
            args.addAll(after);
        }
        if (upto != null) {
            where.add("(" + keyList(spec, "") + ") <= (" + keyValues(spec) + ")");
            args.addAll(upto);
        }
        return new Sql("SELECT count(*) AS n, coalesce(md5(string_agg(ROW(" + row + ")::text, '|' ORDER BY "
                + keyList(spec, "") + ")), '') AS hash FROM " + q(table)
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)), args);
    }

    @Override
    public Sql blockers(String table) {
        return Sql.of("SELECT format('pid %s (%s, %s, transaction open for %s s, %s%s): %s', a.pid, "
                + "coalesce(a.usename::text, '?'), coalesce(a.state, '?'), "
                + "coalesce(extract(epoch FROM now() - a.xact_start)::bigint, 0), l.mode, "
                + "CASE WHEN l.granted THEN '' ELSE ' waiting' END, "
                + "left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 120)) AS blocker "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'relation' "
                + "AND l.relation = to_regclass(quote_ident(?)) AND a.pid <> pg_backend_pid() ORDER BY a.xact_start", table);
    }

    @Override
    public List<Sql> lockForCutOver(RebuildSpec spec, Duration lockTimeout, List<String> children) {
        StringBuilder tables = new StringBuilder();
        for (String child : children) {
            tables.append(child).append(", ");
        }
        List<Sql> statements = new ArrayList<>();
        // below deadlock_timeout: when a writer cascading from the table to a child (parent first, child second)
        // meets the cut-over locking child first, the cut-over gives up before either side's deadlock check
        // runs, so the writer is never the one chosen to fail
        statements.add(Sql.of("SELECT set_config('lock_timeout', greatest(1, least(" + Math.max(1, lockTimeout.toMillis())
                + ", (SELECT setting::bigint * 8 / 10 FROM pg_settings WHERE name = 'deadlock_timeout')))::text || 'ms', true)"));
        statements.add(Sql.of("LOCK TABLE " + tables + q(spec.table()) + ", " + q(spec.shadow()) + " IN ACCESS EXCLUSIVE MODE"));
        return statements;
    }

    @Override
    public Sql misfits(RebuildSpec back) {
        return Sql.of("SELECT DISTINCT ROW(" + keyList(back, "d.") + ")::text FROM " + q(back.misfits()) + " AS d WHERE EXISTS "
                + "(SELECT 1 FROM " + q(back.table()) + " AS n WHERE (" + keyList(back, "n.") + ") = (" + keyList(back, "d.")
                + ")) AND NOT EXISTS (SELECT 1 FROM " + q(back.shadow()) + " AS o WHERE (" + keyList(back, "o.") + ") = ("
                + keyList(back, "d.") + ")) LIMIT 5");
    }

    @Override
    public Sql childTables(String table) {
        return Sql.of("SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
                + "AND confrelid = to_regclass(quote_ident(?)) AND conrelid <> confrelid", table);
    }

    @Override
    public List<Sql> swap(RebuildSpec spec) {
        return List.of(Sql.of("ALTER TABLE " + q(spec.table()) + " RENAME TO " + q(spec.old())),
                Sql.of("ALTER TABLE " + q(spec.shadow()) + " RENAME TO " + q(spec.table())),
                Sql.of("DROP TRIGGER " + q(spec.syncTrigger()) + " ON " + q(spec.old())),
                Sql.of("DROP TRIGGER " + q(TRUNCATE_TRIGGER) + " ON " + q(spec.old())));
    }

    /**
     * Child foreign keys bind to the original by OID: read their definitions (which name the table) before
     * the renames, re-create them NOT VALID after, so they reference the new table; validated afterwards.
     */
    @Override
    public List<Sql> beforeSwap(RebuildSpec spec) {
        return List.of(Sql.of("SELECT format('ALTER TABLE %I ADD CONSTRAINT %I %s NOT VALID', ?::text, c.conname, "
                + "regexp_replace(pg_get_constraintdef(c.oid), '\\s+NOT VALID$', '')) AS ddl FROM pg_constraint c "
                + "WHERE c.conrelid = to_regclass(quote_ident(?)) AND c.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_constraint s "
                + "WHERE s.conrelid = to_regclass(quote_ident(?)) AND s.conname = c.conname) ORDER BY c.oid",
                spec.table(), spec.table(), spec.shadow()),
                dependentViews(spec.table()),
                Sql.of("SELECT ddl FROM (SELECT 1 AS step, c.oid, format('ALTER TABLE %s DROP CONSTRAINT %I', "
                + "c.conrelid::regclass, c.conname) AS ddl FROM pg_constraint c WHERE c.contype = 'f' "
                + "AND c.confrelid = to_regclass(quote_ident(?)) AND c.conrelid <> c.confrelid UNION ALL "
                + "SELECT 2, c.oid, format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', c.conrelid::regclass, c.conname, "
                + "regexp_replace(pg_get_constraintdef(c.oid), '\\s+NOT VALID$', '')) FROM pg_constraint c WHERE c.contype = 'f' "
                + "AND c.confrelid = to_regclass(quote_ident(?)) AND c.conrelid <> c.confrelid) AS x ORDER BY step, oid",
                spec.table(), spec.table()));
    }

    /**
     * Views bind to the table by OID and would follow it to its new name: read their definitions (and
     * owner, options, grants, comments) while they still name the table, drop them after the renames and
     * create them again, views over views after the views they read.
     */
    private static Sql dependentViews(String table) {
        return Sql.of("WITH RECURSIVE deps(oid, depth) AS (SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r "
                + "ON r.oid = d.objid WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
                + "AND d.refobjid = to_regclass(quote_ident(?)) AND r.ev_class <> d.refobjid UNION "
                + "SELECT r.ev_class, deps.depth + 1 FROM deps JOIN pg_depend d ON d.refobjid = deps.oid "
                + "AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass JOIN pg_rewrite r "
                + "ON r.oid = d.objid WHERE r.ev_class <> deps.oid AND deps.depth < 100), "
                + "v AS (SELECT d.oid, max(d.depth) AS depth, c.relowner, c.relacl, c.reloptions FROM deps d "
                + "JOIN pg_class c ON c.oid = d.oid GROUP BY d.oid, c.relowner, c.relacl, c.reloptions) "
                + "SELECT ddl FROM (SELECT 1 AS step, 0 AS depth, 'DROP VIEW ' || string_agg(oid::regclass::text, ', ') AS ddl "
                + "FROM v HAVING count(*) > 0 UNION ALL "
                + "SELECT 2, depth, format('CREATE VIEW %s%s AS %s', oid::regclass, CASE WHEN reloptions IS NULL THEN '' "
                + "ELSE ' WITH (' || array_to_string(reloptions, ', ') || ')' END, pg_get_viewdef(oid)) FROM v UNION ALL "
                + "SELECT 3, depth, format('ALTER VIEW %s OWNER TO %I', oid::regclass, pg_get_userbyid(relowner)) FROM v UNION ALL "
                + "SELECT 3, depth, format('GRANT %s ON %s TO %s', a.privilege_type, v.oid::regclass, CASE WHEN a.grantee = 0 "
                + "THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END) FROM v, aclexplode(v.relacl) AS a "
                + "WHERE a.grantee <> v.relowner UNION ALL "
                + "SELECT 3, depth, CASE WHEN d.objsubid = 0 THEN format('COMMENT ON VIEW %s IS %L', v.oid::regclass, "
                + "d.description) ELSE format('COMMENT ON COLUMN %s.%I IS %L', v.oid::regclass, a.attname, d.description) END "
                + "FROM v JOIN pg_description d ON d.objoid = v.oid AND d.classoid = 'pg_class'::regclass "
                + "LEFT JOIN pg_attribute a ON a.attrelid = v.oid AND a.attnum = d.objsubid) AS x ORDER BY step, depth", table);
    }

    /** The part of a rename target after its last "__": the suffix the table moving out gives its indexes. */
    private static String suffix(RebuildSpec spec) {
        return spec.old().substring(spec.old().lastIndexOf("__"));
    }

    @Override
    public List<Sql> carryOver(RebuildSpec spec) {
        Object old = spec.old();
        Object table = spec.table();
        // a column the table moving in lacks (added by the change, on the way back) has nothing to carry
        String sharedColumn = " AND a.attname IN (SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(?)) "
                + "AND attnum > 0 AND NOT attisdropped)";
        return List.of(
                Sql.of("WITH o AS (SELECT c.oid, c.relname AS name, i.indisunique AS u, regexp_replace(pg_get_indexdef(c.oid), "
                        + "'^.* USING ', '') AS body FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        + "WHERE i.indrelid = to_regclass(quote_ident(?))), "
                        + "n AS (SELECT c.oid, c.relname AS name, i.indisunique AS u, regexp_replace(pg_get_indexdef(c.oid), "
                        + "'^.* USING ', '') AS body FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        + "WHERE i.indrelid = to_regclass(quote_ident(?))), "
                        + "ro AS (SELECT *, row_number() OVER (PARTITION BY u, body ORDER BY name) AS rn FROM o), "
                        + "rn AS (SELECT *, row_number() OVER (PARTITION BY u, body ORDER BY name) AS rn FROM n), "
                        + "pairs AS (SELECT ro.oid AS old_oid, ro.name AS old_name, rn.oid AS new_oid, rn.name AS new_name "
                        + "FROM ro JOIN rn USING (u, body, rn)) "
                        + "SELECT ddl FROM (SELECT 1 AS step, format('ALTER INDEX %I RENAME TO %I', old_name, "
                        + "left(old_name, 45) || ?) AS ddl FROM pairs UNION ALL SELECT 2, "
                        + "format('ALTER INDEX %I RENAME TO %I', new_name, old_name) FROM pairs UNION ALL SELECT 3, "
                        + "format('ALTER TABLE %I ADD CONSTRAINT %I UNIQUE USING INDEX %I', ?::text, k.conname, old_name) "
                        + "FROM pairs JOIN pg_constraint k ON k.conindid = pairs.old_oid AND k.contype = 'u' "
                        + "WHERE NOT EXISTS (SELECT 1 FROM pg_constraint m WHERE m.conindid = pairs.new_oid) UNION ALL SELECT 4, "
                        + "format('ALTER TABLE %I REPLICA IDENTITY USING INDEX %I', ?::text, old_name) FROM pairs "
                        + "JOIN pg_index i ON i.indexrelid = pairs.old_oid WHERE i.indisreplident) AS x ORDER BY step",
                        old, table, suffix(spec), table, table),
                Sql.of("SELECT format('ALTER SEQUENCE %s OWNED BY %I.%I', s.oid::regclass, ?::text, a.attname) AS ddl "
                        + "FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                        + "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                        + "WHERE d.refobjid = to_regclass(quote_ident(?)) AND d.deptype = 'a'" + sharedColumn, table, old, table),
                Sql.of("SELECT CASE WHEN v.last IS NULL THEN format('SELECT setval(%L, 1, false)', v.seq) "
                        + "ELSE format('SELECT setval(%L, %s, true)', v.seq, v.last) END AS ddl FROM (SELECT "
                        + "pg_get_serial_sequence(quote_ident(?), a.attname) AS seq, pg_sequence_last_value("
                        + "pg_get_serial_sequence(quote_ident(?), a.attname)::regclass) AS last FROM pg_attribute a "
                        + "WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attidentity <> '' AND NOT a.attisdropped"
                        + sharedColumn + ") AS v", table, old, old, table),
                Sql.of("SELECT format('GRANT %s ON TABLE %I TO %s', a.privilege_type, ?::text, CASE WHEN a.grantee = 0 "
                        + "THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END) AS ddl "
                        + "FROM pg_class c, aclexplode(c.relacl) AS a WHERE c.oid = to_regclass(quote_ident(?)) "
                        + "AND a.grantee <> c.relowner", table, old),
                Sql.of("SELECT format('ALTER TABLE %I OWNER TO %I', ?::text, pg_get_userbyid(o.relowner)) AS ddl "
                        + "FROM pg_class o, pg_class n WHERE o.oid = to_regclass(quote_ident(?)) "
                        + "AND n.oid = to_regclass(quote_ident(?)) AND o.relowner <> n.relowner", table, old, table),
                Sql.of("SELECT format('COMMENT ON TABLE %I IS %L', ?::text, d) AS ddl FROM obj_description("
                        + "to_regclass(quote_ident(?)), 'pg_class') AS d WHERE d IS NOT NULL", table, old),
                // user triggers: the table moving in gets them, in the same state; on the one moving out they are
                // disabled, so the rows the sync trigger writes there do not fire them a second time
                Sql.of("SELECT ddl FROM (SELECT 1 AS step, t.oid, replace(pg_get_triggerdef(t.oid), ' ON ' "
                        + "|| quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' ', ' ON ' || quote_ident(n.nspname) "
                        + "|| '.' || quote_ident(?) || ' ') AS ddl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgrelid = to_regclass(quote_ident(?)) "
                        + "AND NOT t.tgisinternal AND t.tgname NOT IN (?, ?) AND NOT EXISTS (SELECT 1 FROM pg_trigger m "
                        + "WHERE m.tgrelid = to_regclass(quote_ident(?)) AND m.tgname = t.tgname) UNION ALL "
                        + "SELECT 2, t.oid, format('ALTER TABLE %I %s TRIGGER %I', ?::text, CASE t.tgenabled WHEN 'D' THEN 'DISABLE' "
                        + "WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END, t.tgname) FROM pg_trigger t "
                        + "WHERE t.tgrelid = to_regclass(quote_ident(?)) AND NOT t.tgisinternal AND t.tgname NOT IN (?, ?) UNION ALL "
                        + "SELECT 3, t.oid, format('ALTER TABLE %I DISABLE TRIGGER %I', ?::text, t.tgname) FROM pg_trigger t "
                        + "WHERE t.tgrelid = to_regclass(quote_ident(?)) AND NOT t.tgisinternal AND t.tgname NOT IN (?, ?)) AS x "
                        + "ORDER BY step, oid",
                        table, old, spec.syncTrigger(), TRUNCATE_TRIGGER, table,
                        table, old, spec.syncTrigger(), TRUNCATE_TRIGGER,
                        old, old, spec.syncTrigger(), TRUNCATE_TRIGGER),
                Sql.of("SELECT format('ALTER TABLE %I REPLICA IDENTITY %s', ?::text, CASE relreplident WHEN 'f' THEN 'FULL' "
                        + "ELSE 'NOTHING' END) AS ddl FROM pg_class WHERE oid = to_regclass(quote_ident(?)) "
                        + "AND relreplident IN ('f', 'n')", table, old),
                // column privileges, statistics targets and options (n_distinct, ...)
                Sql.of("SELECT format('GRANT %s (%I) ON TABLE %I TO %s', p.privilege_type, a.attname, ?::text, "
                        + "CASE WHEN p.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(p.grantee)) END) AS ddl "
                        + "FROM pg_attribute a, aclexplode(a.attacl) AS p WHERE a.attrelid = to_regclass(quote_ident(?)) "
                        + "AND a.attnum > 0 AND NOT a.attisdropped" + sharedColumn + " UNION ALL "
                        + "SELECT format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS %s', ?::text, a.attname, a.attstattarget) "
                        + "FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped "
                        + "AND a.attstattarget >= 0" + sharedColumn + " UNION ALL "
                        + "SELECT format('ALTER TABLE %I ALTER COLUMN %I SET (%s)', ?::text, a.attname, string_agg(o, ', ')) "
                        + "FROM pg_attribute a, unnest(a.attoptions) AS o WHERE a.attrelid = to_regclass(quote_ident(?)) "
                        + "AND a.attnum > 0 AND NOT a.attisdropped AND o ~ '^n_distinct(_inherited)?='" + sharedColumn
                        + " GROUP BY a.attname", table, old, table, table, old, table, table, old, table),
                // identity sequences: the one of the table moving in takes the name of the one moving out
                Sql.of("WITH o AS (SELECT a.attname, pg_get_serial_sequence(quote_ident(?), a.attname)::regclass AS seq "
                        + "FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attidentity <> '' "
                        + "AND NOT a.attisdropped), n AS (SELECT a.attname, pg_get_serial_sequence(quote_ident(?), "
                        + "a.attname)::regclass AS seq FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(?)) "
                        + "AND a.attidentity <> '' AND NOT a.attisdropped), "
                        + "p AS (SELECT o.seq AS old_seq, s.relname AS old_name, n.seq AS new_seq FROM o JOIN n USING (attname) "
                        + "JOIN pg_class s ON s.oid = o.seq) "
                        + "SELECT ddl FROM (SELECT 1 AS step, format('ALTER SEQUENCE %s RENAME TO %I', old_seq, "
                        + "left(old_name, 45) || ?) AS ddl FROM p UNION ALL SELECT 2, format('ALTER SEQUENCE %s RENAME TO %I', "
                        + "new_seq, old_name) FROM p) AS x ORDER BY step", old, old, table, table, suffix(spec)),
                Sql.of("SELECT format('ALTER TABLE %I SET (%s)', ?::text, array_to_string(reloptions, ', ')) AS ddl "
                        + "FROM pg_class WHERE oid = to_regclass(quote_ident(?)) AND reloptions IS NOT NULL", table, old));
    }

    @Override
    public Sql validateForeignKeys(String table) {
        return Sql.of("SELECT format('ALTER TABLE %s VALIDATE CONSTRAINT %I', conrelid::regclass, conname) AS ddl "
                + "FROM pg_constraint WHERE contype = 'f' AND NOT convalidated AND (conrelid = to_regclass(quote_ident(?)) "
                + "OR confrelid = to_regclass(quote_ident(?)))", table, table);
    }

    @Override
    public List<Sql> dropOld(RebuildSpec spec) {
        return List.of(Sql.of("DROP TABLE IF EXISTS " + q(spec.old())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.tombstones())),
                Sql.of("DROP TABLE IF EXISTS " + q(spec.misfits())),
                Sql.of("DROP FUNCTION IF EXISTS " + q(spec.syncFunction()) + "()"),
                Sql.of("DROP FUNCTION IF EXISTS " + q(truncateFunction(spec)) + "()"));
    }

    @Override
    public Sql estimatedRows(String table) {
        return Sql.of("SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = to_regclass(quote_ident(?))", table);
    }

    @Override
    public java.util.Optional<Sql> rowsByKeyRange(RebuildSpec spec) {
        if (spec.key().size() != 1 || !spec.key().get(0).type().toLowerCase(java.util.Locale.ROOT)
                .matches("(smallint|integer|bigint|int[248]?)\\b.*")) {
            return java.util.Optional.empty();
        }
        String k = q(spec.key().get(0).name());
        return java.util.Optional.of(Sql.of("SELECT coalesce(max(" + k + ") - min(" + k + ") + 1, 0)::bigint AS n FROM "
                + q(spec.table())));
    }

    @Override
    public Sql analyze(String table) {
        return Sql.of("ANALYZE " + q(table));
    }

    @Override
    public Sql statementTimeout(Duration timeout) {
        return Sql.of("SET statement_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
    }

    @Override
    public Sql exists(String table) {
        return Sql.of("SELECT 1 WHERE to_regclass(quote_ident(?)) IS NOT NULL", table);
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
        if (after != null) {
            conditions.add("(" + keyList(keyed, "") + ") > (" + keyValues(keyed) + ")");
            args.addAll(after);
        }
        if (upto != null) {
            conditions.add("(" + keyList(keyed, "") + ") <= (" + keyValues(keyed) + ")");
            args.addAll(upto);
        }
        return new Sql(head + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)), args);
    }

    @Override
    public Sql dataChunkSession(Duration timeout) {
        return statementTimeout(timeout);
    }
}
