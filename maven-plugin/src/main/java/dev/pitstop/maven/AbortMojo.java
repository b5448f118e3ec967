package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Undoes the latest migration that is not contracted yet (expanded, failed or interrupted); an online
 * rebuild swaps the old table back, with every write made since, or drops its shadow. The migration is
 * pending again afterwards.
 */
@Mojo(name = "abort", requiresProject = false, threadSafe = true)
public class AbortMojo extends AbstractPitstopMojo {

    /** When set, abort refuses unless this is the migration it would undo. */
    @Parameter(property = "pitstop.abortVersion")
    String abortVersion;

    @Override
    String goal() {
        return "abort";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.abort(pitstop.abort(abortVersion)).forEach(getLog()::info);
    }
}
