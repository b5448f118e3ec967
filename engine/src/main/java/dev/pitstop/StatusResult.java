package dev.pitstop;

import java.util.List;

/**
 * Every migration known from files or history, in version order, and the progress of the chunked steps of
 * migrations that are running (or stopped part-way).
 */
public record StatusResult(String database, List<MigrationInfo> migrations, List<StepProgressInfo> progress) {
    public StatusResult {
        migrations = List.copyOf(migrations);
        progress = List.copyOf(progress);
    }

    public StatusResult(String database, List<MigrationInfo> migrations) {
        this(database, migrations, List.of());
    }
}
