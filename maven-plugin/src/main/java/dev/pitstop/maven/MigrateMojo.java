package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Applies the pending migrations: the expand and backfill phases of each, in version order. A migration
 * that failed or was interrupted is resumed from the step where it stopped.
 */
@Mojo(name = "migrate", requiresProject = false, threadSafe = true)
public class MigrateMojo extends AbstractPitstopMojo {

    @Override
    String goal() {
        return "migrate";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.migrate(pitstop.migrate()).forEach(getLog()::info);
    }
}
