package dev.pitstop.maven;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckResult;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The compatibility checker, offline: replays the migration files and fails the build when a statement would break
 * the previous application version, printing every finding with its rule id. Needs no database, so it binds to
 * {@code verify} by default and takes no connection settings.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckMojo extends AbstractMojo {

    /** The dialect the migrations are written for: {@code postgres} or {@code mysql} (MySQL and MariaDB). */
    @Parameter(property = "pitstop.dialect")
    String dialect;

    /** Where the migration files are; as for the other goals. Default: {@code src/main/resources/db/migration}. */
    @Parameter(property = "pitstop.locations")
    List<String> locations;

    /** A file of the previous application version's own SQL, statements separated by {@code ;}. Default: none. */
    @Parameter(property = "pitstop.previousQueries")
    File previousQueries;

    /** Skips the goal. */
    @Parameter(property = "pitstop.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pitstop:check skipped (pitstop.skip=true)");
            return;
        }
        if (AbstractPitstopMojo.blank(dialect)) {
            throw new MojoFailureException("pitstop:check needs the dialect the migrations are written for: set <dialect>"
                    + "postgres</dialect> (or mysql) in the plugin's configuration or pass -Dpitstop.dialect=postgres");
        }
        File base = basedir != null ? basedir : new File(System.getProperty("user.dir"));
        List<String> resolved = AbstractPitstopMojo.resolveLocations(locations, base);
        File queries = previousQueries == null || previousQueries.isAbsolute() ? previousQueries
                : new File(base, previousQueries.getPath());
        CheckResult result;
        try (URLClassLoader resources = AbstractPitstopMojo.projectResources(project)) {
            result = Pitstop.configure().locations(resolved).classLoader(resources).dialect(dialect)
                    .previousQueries(queries == null ? null : queries.toPath()).check();
        } catch (PitstopException e) {
            if (AbstractPitstopMojo.toMojoException(e, List.of()) instanceof MojoFailureException failure) {
                throw failure;
            }
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException(String.valueOf(e.getMessage()), e);
        }
        for (String line : result.toText().split("\n")) {
            if (line.startsWith(CheckFinding.Severity.REFUSED.name())) {
                getLog().error(line);
            } else {
                getLog().info(line);
            }
        }
        if (result.refused()) {
            throw new MojoFailureException("pitstop:check refused " + result.count(CheckFinding.Severity.REFUSED)
                    + " statement(s) the previous application version would break on: "
                    + result.findings().stream().filter(f -> f.severity() == CheckFinding.Severity.REFUSED)
                    .map(f -> f.rule() + " at " + f.where()).toList()
                    + ". Rewrite them as each finding says, or allow one with -- pitstop:allow <rule-id> <reason>");
        }
    }
}
