package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import dev.pitstop.event.MigrationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the pending migrations: the expand and backfill phases of each, in version order. A migration
 * that failed or was interrupted is resumed from the step where it stopped. The progress of online copies
 * and chunked changes is logged every 10 s. With {@code dryRun} it rehearses instead (see
 * {@link Pitstop#dryRun()}) and changes nothing.
 */
@Mojo(name = "migrate", requiresProject = false, threadSafe = true)
public class MigrateMojo extends AbstractPitstopMojo {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /** Rehearse the online rebuilds (shadow, triggers, a sample of chunks), report, and drop what was created. */
    @Parameter(property = "pitstop.dryRun", defaultValue = "false")
    boolean dryRun;

    private Instant lastProgress;

    @Override
    String goal() {
        return dryRun ? "migrate (dry run)" : "migrate";
    }

    @Override
    void configure(PitstopConfig.Builder builder) {
        builder.listener(event -> {
            if (event instanceof MigrationEvent.ChunkProgress p) {
                Instant now = Instant.now();
                boolean complete = p.rowsEstimated() > 0 && p.rowsDone() >= p.rowsEstimated();
                if (lastProgress == null || complete || Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) >= 0) {
                    lastProgress = now;
                    getLog().info(String.format(Locale.ROOT, "V%s step %d %s: %s %,d of ~%,d rows (%.1f%%), %,d rows/s, "
                            + "ETA %s s%s", p.version(), p.stepNo(), p.table(), p.operation(), p.rowsDone(),
                            p.rowsEstimated(), p.percent(), Math.round(p.rowsPerSecond()),
                            p.eta() == null ? "?" : String.valueOf(Math.round(p.eta().toMillis() / 1000.0)),
                            p.throttled() ? ", throttled" : ""));
                }
            } else if (event instanceof MigrationEvent.CutOverAttempt c) {
                getLog().info("V" + c.version() + " step " + c.stepNo() + ": cut-over of " + c.table() + ", attempt "
                        + c.attempt() + (c.succeeded() ? ": swapped" : ": lock wait gave up; retrying"));
            }
        });
    }

    @Override
    void run(Pitstop pitstop) {
        if (dryRun) {
            Report.dryRun(pitstop.dryRun()).forEach(getLog()::info);
            return;
        }
        Report.migrate(pitstop.migrate()).forEach(getLog()::info);
    }
}
