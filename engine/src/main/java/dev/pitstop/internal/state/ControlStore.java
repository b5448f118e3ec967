package dev.pitstop.internal.state;

import dev.pitstop.Durations;
import dev.pitstop.internal.run.Handles;
import dev.pitstop.internal.throttle.Controls;
import dev.pitstop.spi.StateSql;
import java.time.Duration;
import org.jdbi.v3.core.Handle;

/**
 * Reads and writes pitstop_control: one row per control that is set. Any machine that reaches the
 * database writes it ({@code pitstop pause}); the running migration reads it before every chunk and before
 * the cut-over. The SQL comes from the dialect.
 */
public final class ControlStore {
    public static final String PAUSE = "pause";
    public static final String POSTPONE_CUTOVER = "postpone_cutover";
    public static final String CHUNK_TIME = "chunk_time";

    private final Handle handle;
    private final StateSql sql;

    public ControlStore(Handle handle, StateSql sql) {
        this.handle = handle;
        this.sql = sql;
    }

    /** Creates the table if it is not there; {@code pitstop pause} may race a starting migrate for it. */
    public void create() {
        Handles.createRacing(handle, sql.createControl());
    }

    public void set(String name, String value, String setBy) {
        Handles.execute(handle, sql.setControl(name, value, setBy));
    }

    public void clear(String name) {
        Handles.execute(handle, sql.clearControl(name));
    }

    /** What is set, one line each for people ({@code status}); empty when the table does not exist yet. */
    public java.util.List<String> describe() {
        try {
            return Handles.query(handle, sql.readControl()).map((rs, ctx) -> {
                String name = rs.getString("name");
                String clear = switch (name) {
                    case PAUSE -> "pitstop resume";
                    case POSTPONE_CUTOVER -> "pitstop unpostpone";
                    case CHUNK_TIME -> "pitstop set chunk-time default";
                    default -> "a newer Pitstop";
                };
                return name + (CHUNK_TIME.equals(name) ? " " + rs.getString("value") : "") + ": set by "
                        + rs.getString("set_by") + " at " + rs.getTimestamp("updated_at").toInstant() + " (" + clear
                        + " clears it)";
            }).list();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** What is set now; a chunk time that does not parse counts as not set. */
    public Controls read() {
        String[] found = new String[3];
        Handles.query(handle, sql.readControl()).map((rs, ctx) -> {
            String name = rs.getString("name");
            String who = rs.getString("set_by") + " at " + rs.getTimestamp("updated_at").toInstant();
            switch (name) {
                case PAUSE -> found[0] = who;
                case POSTPONE_CUTOVER -> found[1] = who;
                case CHUNK_TIME -> found[2] = rs.getString("value");
                default -> {
                    // a control of a newer version
                }
            }
            return name;
        }).list();
        Duration chunkTime = null;
        if (found[2] != null) {
            try {
                chunkTime = Durations.parse(CHUNK_TIME, found[2], null);
            } catch (RuntimeException e) {
                chunkTime = null;
            }
        }
        return new Controls(found[0], found[1], chunkTime);
    }
}
