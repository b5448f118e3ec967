package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs the contract phase (the destructive steps) of every expanded migration, once no instance of the
 * previous application version is running.
 */
@Mojo(name = "contract", requiresProject = false, threadSafe = true)
public class ContractMojo extends AbstractPitstopMojo {

    @Override
    String goal() {
        return "contract";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.contract(pitstop.contract()).forEach(getLog()::info);
    }
}
