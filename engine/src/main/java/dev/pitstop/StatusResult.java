package dev.pitstop;

import java.util.List;

/**
 * Every migration known from files or history, in version order, and the progress of the chunked steps of
 * migrations that are running (or stopped part-way).
 *
 * @param controls what is set in pitstop_control, one line each, e.g. "pause: set by ana@build-7 at
 *     2026-05-01T10:00:00Z (pitstop resume clears it)"; empty when nothing is
 */
public record StatusResult(String database, List<MigrationInfo> migrations, List<StepProgressInfo> progress,
                           List<String> controls) {
    public StatusResult {
        migrations = List.copyOf(migrations);
        progress = List.copyOf(progress);
        controls = List.copyOf(controls);
    }

    public StatusResult(String database, List<MigrationInfo> migrations) {
        this(database, migrations, List.of(), List.of());
    }
}
