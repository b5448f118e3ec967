package dev.pitstop.spi;

import java.util.List;

/**
 * DDL and DML of {@code pitstop_history} and {@code pitstop_steps}. Column names are the same in
 * every dialect: the engine reads rows by these names.
 *
 * <p>pitstop_history: version, description, script, checksum, phase, state, installed_by,
 * started_at, expanded_at, completed_at, execution_ms, error.
 * <br>pitstop_steps: version, step_no, phase, kind, statement_hash, state, checkpoint, updated_at.
 * <br>pitstop_instances: instance_id, bundled_version, host, pid, started_at, heartbeat_at.
 * <br>pitstop_control: name, value, set_by, updated_at (one row per control set: pause, postpone_cutover,
 * chunk_time).
 */
public interface StateSql {

    String HISTORY = "pitstop_history";
    String STEPS = "pitstop_steps";
    String INSTANCES = "pitstop_instances";
    String CONTROL = "pitstop_control";

    /** A query with one row and one column, 1 when pitstop_history exists in the current schema. */
    Sql historyExists();

    /** Idempotent creation of both tables. */
    List<Sql> createTables();

    Sql selectHistory();

    /** Args: version, description, script, checksum, phase, state, installed_by. Timestamps from the server. */
    Sql insertHistory(String version, String description, String script, String checksum, String phase,
                      String state, String installedBy);

    /** Sets phase, state and error of one version and stamps the finish time that matches the state. */
    Sql updateHistory(String version, String phase, String state, String checksum, long executionMs, String error);

    Sql selectSteps(String version);

    /** Inserts or updates the state of one step in one phase. */
    Sql upsertStep(String version, int stepNo, String phase, String kind, String statementHash, String state);

    /** Forgets one migration (its history row and its steps), after abort undid it: it is pending again. */
    List<Sql> deleteMigration(String version);

    /** Idempotent creation of pitstop_instances. */
    Sql createInstances();

    /** Records that an instance is alive now (server time), inserting it the first time. */
    Sql heartbeat(String instanceId, String bundledVersion, String host, long pid);

    /** Forgets an instance that stopped. */
    Sql deregister(String instanceId);

    /**
     * Every registered instance: instance_id, bundled_version, host, pid, started_at, and
     * {@code silent_ms}, the milliseconds since its last heartbeat by the server's clock.
     */
    Sql instances();

    /** Stores a step's checkpoint (e.g. the copy's low watermark) in pitstop_steps.checkpoint. */
    Sql saveCheckpoint(String version, int stepNo, String phase, String checkpoint);

    /** Idempotent creation of pitstop_control. */
    Sql createControl();

    /** Every control that is set: name, value, set_by, updated_at. */
    Sql readControl();

    /** Sets one control (inserting or replacing its row), stamped with the server's time. */
    Sql setControl(String name, String value, String setBy);

    /** Clears one control (deletes its row). */
    Sql clearControl(String name);
}
