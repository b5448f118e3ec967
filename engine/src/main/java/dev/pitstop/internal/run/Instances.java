package dev.pitstop.internal.run;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.internal.state.HistoryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application instances in {@code pitstop_instances}: their heartbeats, and the check that keeps
 * {@code contract} from dropping what a live instance of an older version may still use.
 */
final class Instances {
    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private final PitstopConfig config;

    Instances(PitstopConfig config) {
        this.config = config;
    }

    /**
     * Records that the instance is alive now, creating the table the first time, on a short connection of
     * its own (heartbeats run on their own thread, beside any command) whose lock waits are bounded by
     * ddlLockTimeout; the pool gets it back with its own settings.
     */
    void heartbeat(String instanceId, String bundledVersion, String host, long pid, boolean first) {
        try (Database db = Database.connect(config)) {
            Handle h = db.open();
            Handles.execute(h, db.dialect().lockTimeout(config.ddlLockTimeout()));
            if (first) {
                createTable(db, h);
            }
            Handles.execute(h, db.dialect().state().heartbeat(instanceId, bundledVersion, host, pid));
        }
    }

    /** Creates pitstop_instances if it is not there; instances starting at once race for it. */
    private static void createTable(Database db, Handle h) {
        Handles.createRacing(h, db.dialect().state().createInstances());
    }

    /** On a short connection of its own, like the heartbeat. */
    void deregister(String instanceId) {
        try (Database db = Database.connect(config)) {
            Handle h = db.open();
            Handles.execute(h, db.dialect().lockTimeout(config.ddlLockTimeout()));
            Handles.execute(h, db.dialect().state().deregister(instanceId));
        }
    }

    /**
     * Refuses, naming them, while a live instance (heard from within instanceTimeout) bundles a version
     * older than the newest migration to contract; with force, warns and goes on.
     */
    void refuseWhileOlderLive(Database db, Handle work, List<HistoryRow> rows, boolean force) {
        MigrationVersion newest = rows.stream().filter(r -> r.state() == MigrationState.EXPANDED).map(HistoryRow::version)
                .max(MigrationVersion::compareTo).orElse(null);
        if (newest == null) {
            return;
        }
        createTable(db, work);
        List<String> older = new ArrayList<>();
        for (Map<String, Object> instance : Handles.query(work, db.dialect().state().instances()).mapToMap().list()) {
            long silentMs = ((Number) instance.get("silent_ms")).longValue();
            MigrationVersion bundled;
            try {
                bundled = MigrationVersion.parse(String.valueOf(instance.get("bundled_version")));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (silentMs <= config.instanceTimeout().toMillis() && bundled.compareTo(newest) < 0) {
                older.add("instance " + instance.get("instance_id") + " on " + instance.get("host") + " (pid "
                        + instance.get("pid") + ", bundles V" + bundled + ", last heard " + Math.max(0, silentMs / 1000)
                        + " s ago)");
            }
        }
        if (older.isEmpty()) {
            return;
        }
        String who = older.size() + " live application instance(s) bundle a version older than V" + newest
                + " and may still use what contract drops: " + String.join("; ", older);
        if (force) {
            LOG.warn("contracting anyway (force): {}", who);
            return;
        }
        throw new PitstopException(ErrorCode.VALIDATION_FAILED, "cannot contract " + db.describe() + ": " + who
                + ". Stop or upgrade them (a stopped instance deregisters; one silent for longer than instanceTimeout, "
                + config.instanceTimeout().toSeconds() + " s, counts as gone), or contract with --force. Nothing was changed.");
    }
}
