package dev.pitstop.dialect.mysql;

import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.util.List;

/** pitstop_history and pitstop_steps in the connection's database, InnoDB, millisecond timestamps. */
final class MySqlStateSql implements StateSql {

    @Override
    public Sql historyExists() {
        return Sql.of("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", HISTORY);
    }

    @Override
    public List<Sql> createTables() {
        return List.of(Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_history (
                    version      VARCHAR(50)   NOT NULL PRIMARY KEY,
                    description  VARCHAR(200)  NOT NULL,
                    script       VARCHAR(1000) NOT NULL,
                    checksum     VARCHAR(64)   NOT NULL,
                    phase        VARCHAR(20)   NOT NULL,
                    state        VARCHAR(20)   NOT NULL,
                    installed_by VARCHAR(100)  NOT NULL,
                    started_at   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                    expanded_at  TIMESTAMP(3)  NULL,
                    completed_at TIMESTAMP(3)  NULL,
                    execution_ms BIGINT        NOT NULL DEFAULT 0,
                    error        TEXT          NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"""), Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_steps (
                    version        VARCHAR(50) NOT NULL,
                    step_no        INT         NOT NULL,
                    phase          VARCHAR(20) NOT NULL,
                    kind           VARCHAR(40) NOT NULL,
                    statement_hash VARCHAR(64) NOT NULL,
                    state          VARCHAR(20) NOT NULL,
                    checkpoint     TEXT        NULL,
                    updated_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                    PRIMARY KEY (version, step_no, phase)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"""));
    }

    @Override
    public Sql createInstances() {
        return Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_instances (
                    instance_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
                    bundled_version VARCHAR(50)  NOT NULL,
                    host            VARCHAR(255) NOT NULL,
                    pid             BIGINT       NOT NULL,
                    started_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                    heartbeat_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    }

    @Override
    public Sql heartbeat(String instanceId, String bundledVersion, String host, long pid) {
        return Sql.of("INSERT INTO pitstop_instances (instance_id, bundled_version, host, pid) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE heartbeat_at = CURRENT_TIMESTAMP(3)", instanceId, bundledVersion, host, pid);
    }

    @Override
    public Sql deregister(String instanceId) {
        return Sql.of("DELETE FROM pitstop_instances WHERE instance_id = ?", instanceId);
    }

    @Override
    public Sql instances() {
        return Sql.of("SELECT instance_id, bundled_version, host, pid, started_at, "
                + "TIMESTAMPDIFF(MICROSECOND, heartbeat_at, CURRENT_TIMESTAMP(3)) DIV 1000 AS silent_ms "
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
                + "expanded_at = CASE WHEN ? = 'EXPANDED' THEN CURRENT_TIMESTAMP(3) ELSE expanded_at END, "
                + "completed_at = CASE WHEN ? IN ('COMPLETED', 'BASELINE', 'FAILED') THEN CURRENT_TIMESTAMP(3) "
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
                + "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE kind = VALUES(kind), "
                + "statement_hash = VALUES(statement_hash), state = VALUES(state), updated_at = CURRENT_TIMESTAMP(3)",
                version, stepNo, phase, kind, statementHash, state);
    }

    @Override
    public List<Sql> deleteMigration(String version) {
        return List.of(Sql.of("DELETE FROM pitstop_steps WHERE version = ?", version),
                Sql.of("DELETE FROM pitstop_history WHERE version = ?", version));
    }

    @Override
    public Sql saveCheckpoint(String version, int stepNo, String phase, String checkpoint) {
        return Sql.of("UPDATE pitstop_steps SET checkpoint = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE version = ? AND step_no = ? "
                + "AND phase = ?", checkpoint, version, stepNo, phase);
    }

    @Override
    public Sql createControl() {
        return Sql.of("""
                CREATE TABLE IF NOT EXISTS pitstop_control (
                    name       VARCHAR(40)  NOT NULL PRIMARY KEY,
                    value      VARCHAR(200) NOT NULL,
                    set_by     VARCHAR(200) NOT NULL,
                    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    }

    @Override
    public Sql readControl() {
        return Sql.of("SELECT name, value, set_by, updated_at FROM pitstop_control ORDER BY name");
    }

    @Override
    public Sql setControl(String name, String value, String setBy) {
        return Sql.of("INSERT INTO pitstop_control (name, value, set_by) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                + "value = VALUES(value), set_by = VALUES(set_by), updated_at = CURRENT_TIMESTAMP(3)", name, value, setBy);
    }

    @Override
    public Sql clearControl(String name) {
        return Sql.of("DELETE FROM pitstop_control WHERE name = ?", name);
    }
}
