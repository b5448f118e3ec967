package dev.pitstop;

import java.util.List;

/** Every migration known from files or history, in version order. */
public record StatusResult(String database, List<MigrationInfo> migrations) {
    public StatusResult {
        migrations = List.copyOf(migrations);
    }
}
