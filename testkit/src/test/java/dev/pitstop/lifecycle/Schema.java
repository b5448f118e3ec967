package dev.pitstop.lifecycle;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import java.util.List;
import java.util.Map;

/** Catalog questions tests ask, answered from information_schema and pg_indexes. */
final class Schema {
    private Schema() {
    }

    static String current(TestDatabase db) {
        return db.kind() == DatabaseKind.POSTGRES ? "current_schema()" : "DATABASE()";
    }

    static boolean tableExists(TestDatabase db, String table) {
        return count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = " + current(db)
                + " AND table_name = '" + table + "'") > 0;
    }

    static List<String> columns(TestDatabase db, String table) {
        List<Map<String, Object>> rows = db.queryForList("SELECT column_name AS c FROM information_schema.columns "
                + "WHERE table_schema = " + current(db) + " AND table_name = '" + table + "'");
        return rows.stream().map(r -> String.valueOf(r.values().iterator().next()).toLowerCase()).toList();
    }

    static boolean indexExists(TestDatabase db, String table, String index) {
        String sql = db.kind() == DatabaseKind.POSTGRES
                ? "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '" + table
                        + "' AND indexname = '" + index + "'"
                : "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '"
                        + table + "' AND index_name = '" + index + "'";
        return count(db, sql) > 0;
    }

    static int count(TestDatabase db, String sql) {
        return db.queryForObject(sql, Number.class).intValue();
    }
}
