package dev.pitstop.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives what a run does as it does it: migration, step and phase starts and ends, the progress of every
 * chunk of an online copy or chunked data change, each cut-over attempt, and the finish or failure.
 * Register it with {@code Pitstop.configure().listener(...)}; the CLI's progress bar is one.
 *
 * <p>Events arrive on the thread that runs the migration, in order, after the work they report: a chunk's
 * event after its transaction committed. A listener must return quickly (it delays the next chunk) and may
 * not call back into Pitstop. An exception it throws is logged and otherwise ignored: a listener cannot
 * fail a migration.
 */
@FunctionalInterface
public interface MigrationListener {
    /** Ignores everything. */
    MigrationListener NONE = event -> {
    };

    void onEvent(MigrationEvent event);

    /** All of {@code listeners}, in order; each one's failure is logged and does not stop the others. */
    static MigrationListener of(List<MigrationListener> listeners) {
        List<MigrationListener> all = List.copyOf(listeners);
        if (all.isEmpty()) {
            return NONE;
        }
        Logger log = LoggerFactory.getLogger(MigrationListener.class);
        return event -> {
            for (MigrationListener l : all) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("a migration listener failed on {} (ignored): {}", event.getClass().getSimpleName(), e.toString());
                }
            }
        };
    }
}
