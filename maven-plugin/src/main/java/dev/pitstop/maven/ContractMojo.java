package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the contract phase (the destructive steps) of every expanded migration, once no instance of the
 * previous application version is running.
 */
@Mojo(name = "contract", requiresProject = false, threadSafe = true)
public class ContractMojo extends AbstractPitstopMojo {

    /** Contract even while registered application instances of an older version are live (warned about by name). */
    @Parameter(property = "pitstop.force", defaultValue = "false")
    boolean force;

    @Override
    String goal() {
        return "contract";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.contract(pitstop.contract(force)).forEach(getLog()::info);
    }
}
