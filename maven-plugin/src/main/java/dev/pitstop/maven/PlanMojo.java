package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows what {@code pitstop:migrate} would run, migration by migration and step by step, with the SQL of
 * each phase. Changes nothing.
 */
@Mojo(name = "plan", requiresProject = false, threadSafe = true)
public class PlanMojo extends AbstractPitstopMojo {

    @Override
    String goal() {
        return "plan";
    }

    @Override
    void run(Pitstop pitstop) {
        Report.plan(pitstop.plan()).forEach(getLog()::info);
    }
}
