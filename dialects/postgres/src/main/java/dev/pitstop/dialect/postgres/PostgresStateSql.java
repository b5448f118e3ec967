package dev.pitstop.dialect.postgres;

import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.util.List;

/** pitstop_history and pitstop_steps on PostgreSQL, in the current schema. */
final class PostgresStateSql implements StateSql {

    @Override
    public Sql historyExists() {
        return Sql.of("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
                HISTORY);
    }

    @Override
    public List<Sql> createTables() {
        return List.of(Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_history (
                    version      varchar(50)  PRIMARY KEY,
                    description  varchar(200) NOT NULL,
                    script       varchar(1000) NOT NULL,
                    checksum     varchar(64)  NOT NULL,
                    phase        varchar(20)  NOT NULL,
                    state        varchar(20)  NOT NULL,
                    installed_by varchar(100) NOT NULL,
                    started_at   timestamptz  NOT NULL DEFAULT now(),
                    expanded_at  timestamptz,
                    completed_at timestamptz,
                    execution_ms bigint       NOT NULL DEFAULT 0,
                    error        text
                )"""), Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_steps (
                    version        varchar(50) NOT NULL,
                    step_no        integer     NOT NULL,
                    phase          varchar(20) NOT NULL,
                    kind           varchar(40) NOT NULL,
                    statement_hash varchar(64) NOT NULL,
                    state          varchar(20) NOT NULL,
                    checkpoint     text,
                    updated_at     timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (version, step_no, phase)
                )"""));
    }

    @Override
    public Sql createInstances() {
        return Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_instances (
                    instance_id     varchar(64)  PRIMARY KEY,
                    bundled_version varchar(50)  NOT NULL,
                    host            varchar(255) NOT NULL,
                    pid             bigint       NOT NULL,
                    started_at      timestamptz  NOT NULL DEFAULT clock_timestamp(),
                    heartbeat_at    timestamptz  NOT NULL DEFAULT clock_timestamp()
                )""");
    }

    @Override
    public Sql heartbeat(String instanceId, String bundledVersion, String host, long pid) {
        return Sql.of("INSERT INTO pitstop_instances (instance_id, bundled_version, host, pid) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = clock_timestamp()", instanceId, bundledVersion,
                host, pid);
    }

    @Override
    public Sql deregister(String instanceId) {
        return Sql.of("DELETE FROM pitstop_instances WHERE instance_id = ?", instanceId);
    }

    @Override
    public Sql instances() {
        return Sql.of("SELECT instance_id, bundled_version, host, pid, started_at, "
                + "(extract(epoch FROM clock_timestamp() - heartbeat_at) * 1000)::bigint AS silent_ms "
                + "FROM pitstop_instances ORDER BY started_at");
    }

    @Override
    public Sql selectHistory() {
        return Sql.of("SELECT * FROM pitstop_history");
    }

    @Override
    public Sql insertHistory(String version, String description, String script, String checksum, String phase,
                             String state, String installedBy) {
        return Sql.of("INSERT INTO pitstop_history (version, description, script, checksum, phase, state, installed_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", version, description, script, checksum, phase, state, installedBy);
    }

    @Override
    public Sql updateHistory(String version, String phase, String state, String checksum, long executionMs, String error) {
        return Sql.of("UPDATE pitstop_history SET phase = ?, state = ?, checksum = ?, execution_ms = ?, error = ?, "
                + "expanded_at = CASE WHEN ? = 'EXPANDED' THEN now() ELSE expanded_at END, "
                + "completed_at = CASE WHEN ? IN ('COMPLETED', 'BASELINE', 'FAILED') THEN now() "
                + "WHEN ? = 'RUNNING' THEN NULL ELSE completed_at END WHERE version = ?",
                phase, state, checksum, executionMs, error, state, state, state, version);
    }

    @Override
    public Sql selectSteps(String version) {
        return Sql.of("SELECT * FROM pitstop_steps WHERE version = ? ORDER BY step_no", version);
    }

    @Override
    public Sql upsertStep(String version, int stepNo, String phase, String kind, String statementHash, String state) {
        return Sql.of("INSERT INTO pitstop_steps (version, step_no, phase, kind, statement_hash, state) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version, step_no, phase) DO UPDATE SET kind = EXCLUDED.kind, "
                + "statement_hash = EXCLUDED.statement_hash, state = EXCLUDED.state, updated_at = now()",
                version, stepNo, phase, kind, statementHash, state);
    }

    @Override
    public List<Sql> deleteMigration(String version) {
        return List.of(Sql.of("DELETE FROM pitstop_steps WHERE version = ?", version),
                Sql.of("DELETE FROM pitstop_history WHERE version = ?", version));
    }

    @Override
    public Sql saveCheckpoint(String version, int stepNo, String phase, String checkpoint) {
        return Sql.of("UPDATE pitstop_steps SET checkpoint = ?, updated_at = now() WHERE version = ? AND step_no = ? "
                + "AND phase = ?", checkpoint, version, stepNo, phase);
    }

    @Override
    public Sql createControl() {
        return Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_control (
                    name       varchar(40)  PRIMARY KEY,
                    value      varchar(200) NOT NULL,
                    set_by     varchar(200) NOT NULL,
                    updated_at timestamptz  NOT NULL DEFAULT clock_timestamp()
                )""");
    }

    @Override
    public Sql readControl() {
        return Sql.of("SELECT name, value, set_by, updated_at FROM pitstop_control ORDER BY name");
    }

    @Override
    public Sql setControl(String name, String value, String setBy) {
        return Sql.of("INSERT INTO pitstop_control (name, value, set_by) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE "
                + "SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, updated_at = clock_timestamp()", name, value, setBy);
    }

    @Override
    public Sql clearControl(String name) {
        return Sql.of("DELETE FROM pitstop_control WHERE name = ?", name);
    }
}
