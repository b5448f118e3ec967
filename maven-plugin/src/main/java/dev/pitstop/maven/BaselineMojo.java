package dev.pitstop.maven;

import dev.pitstop.Pitstop;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Marks {@code version} and every migration file up to it as applied on a database Pitstop has not
 * migrated yet (one whose schema was created by other means); {@code pitstop:migrate} then applies only
 * the later ones.
 */
@Mojo(name = "baseline", requiresProject = false, threadSafe = true)
public class BaselineMojo extends AbstractPitstopMojo {

    /** The version to baseline at, e.g. {@code 2}. */
    @Parameter(property = "pitstop.baselineVersion")
    String version;

    @Override
    String goal() {
        return "baseline";
    }

    @Override
    void validate() throws MojoFailureException {
        if (blank(version)) {
            throw new MojoFailureException("pitstop:baseline needs a version: set <version> in the plugin's "
                    + "configuration or pass -Dpitstop.baselineVersion=2");
        }
    }

    @Override
    void run(Pitstop pitstop) {
        Report.baseline(pitstop.baseline(version.trim())).forEach(getLog()::info);
    }
}
