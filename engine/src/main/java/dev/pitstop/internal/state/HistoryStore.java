package dev.pitstop.internal.state;

import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.spi.Sql;
import dev.pitstop.spi.StateSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.Handle;

/**
 * Reads and writes pitstop_history and pitstop_steps through one handle. The SQL comes from the
 * dialect; this class only binds and maps.
 */
public final class HistoryStore {
    private final Handle handle;
    private final StateSql sql;

    public HistoryStore(Handle handle, StateSql sql) {
        this.handle = handle;
        this.sql = sql;
    }

    public boolean exists() {
        return query(sql.historyExists(), (rs, ctx) -> rs.getObject(1)).findFirst().isPresent();
    }

    public void createTables() {
        sql.createTables().forEach(this::execute);
    }

    /** All history rows in version order; empty when the table does not exist yet. */
    public List<HistoryRow> read() {
        if (!exists()) {
            return List.of();
        }
        return query(sql.selectHistory(), (rs, ctx) -> historyRow(rs)).list().stream()
                .sorted(Comparator.comparing(HistoryRow::version)).toList();
    }

    public void insert(MigrationVersion version, String description, String script, String checksum, Phase phase,
                       MigrationState state, String installedBy) {
        execute(sql.insertHistory(version.toString(), description, script, checksum, phase.name(), state.name(), installedBy));
    }

    public void update(MigrationVersion version, Phase phase, MigrationState state, String checksum, long executionMs,
                       String error) {
        execute(sql.updateHistory(version.toString(), phase.name(), state.name(), checksum, executionMs, error));
    }

    public List<StepRow> steps(MigrationVersion version) {
        return query(sql.selectSteps(version.toString()), (rs, ctx) -> new StepRow(rs.getInt("step_no"),
                Phase.valueOf(rs.getString("phase")), rs.getString("kind"), rs.getString("statement_hash"),
                rs.getString("state"), rs.getString("checkpoint"), instant(rs.getTimestamp("updated_at")))).list();
    }

    public void step(MigrationVersion version, int stepNo, Phase phase, String kind, String statementHash, String state) {
        execute(sql.upsertStep(version.toString(), stepNo, phase.name(), kind, statementHash, state));
    }

    public void saveCheckpoint(MigrationVersion version, int stepNo, Phase phase, String checkpoint) {
        execute(sql.saveCheckpoint(version.toString(), stepNo, phase.name(), checkpoint));
    }

    /** Forgets a migration abort undid, in one transaction: it is pending again. */
    public void delete(MigrationVersion version) {
        handle.useTransaction(h -> sql.deleteMigration(version.toString()).forEach(s -> Handles.execute(h, s)));
    }

    private void execute(Sql statement) {
        Handles.execute(handle, statement);
    }

    private <T> ResultIterable<T> query(Sql statement, RowMapper<T> mapper) {
        return Handles.query(handle, statement).map(mapper);
    }

    private static HistoryRow historyRow(ResultSet rs) throws SQLException {
        return new HistoryRow(MigrationVersion.parse(rs.getString("version")), rs.getString("description"),
                rs.getString("script"), rs.getString("checksum"), Phase.valueOf(rs.getString("phase")),
                MigrationState.valueOf(rs.getString("state")), rs.getString("installed_by"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("expanded_at")),
                instant(rs.getTimestamp("completed_at")), rs.getLong("execution_ms"), rs.getString("error"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
