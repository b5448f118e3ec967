package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lists every migration, from the files and the history table: version, description, phase reached,
 * state and timestamps.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractPitstopMojo {

    @Override
    String goal() {
        return "status";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.status(pitstop.status()).forEach(getLog()::info);
    }
}
