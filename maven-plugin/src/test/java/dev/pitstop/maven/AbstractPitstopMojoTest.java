package dev.pitstop.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class AbstractPitstopMojoTest {
    private static final File BASE = new File("/projects/app");

    @Test
    void defaultLocationIsTheProjectsMigrationFolder() {
        assertThat(AbstractPitstopMojo.resolveLocations(null, BASE))
                .containsExactly("filesystem:/projects/app/src/main/resources/db/migration");
        assertThat(AbstractPitstopMojo.resolveLocations(List.of(" "), BASE))
                .containsExactly("filesystem:/projects/app/src/main/resources/db/migration");
    }

    @Test
    void relativeEntriesAreResolvedAgainstTheBaseDirectory() {
        assertThat(AbstractPitstopMojo.resolveLocations(
                List.of("sql/a", "filesystem:sql/b", "/abs/c", "filesystem:/abs/d", "classpath:db/migration"), BASE))
                .containsExactly("filesystem:/projects/app/sql/a", "filesystem:/projects/app/sql/b",
                        "filesystem:/abs/c", "filesystem:/abs/d", "classpath:db/migration");
    }

    @Test
    void commaSeparatedEntriesAreSplit() {
        assertThat(AbstractPitstopMojo.resolveLocations(Arrays.asList("a, b", null, "../c"), BASE))
                .containsExactly("filesystem:/projects/app/a", "filesystem:/projects/app/b", "filesystem:/projects/c");
    }

    @Test
    void badInputIsAFailureAndExecutionTroubleAnError() {
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.INVALID_SQL, "V4__x.sql:3: bad"),
                List.of())).isInstanceOf(MojoFailureException.class).hasMessage("V4__x.sql:3: bad");
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.CHECK_REFUSED, "refused"),
                List.of())).isInstanceOf(MojoFailureException.class);
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.CONNECTION_FAILED, "down"),
                List.of())).isInstanceOf(MojoFailureException.class);
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.EXECUTION_FAILED, "boom"),
                List.of())).isInstanceOf(MojoExecutionException.class).hasMessage("boom");
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.LOCK_TIMEOUT, "busy"),
                List.of())).isInstanceOf(MojoExecutionException.class);
    }

    @Test
    void secretsAreScrubbedFromMessages() {
        PlanMojo mojo = new PlanMojo();
        mojo.password = "s3cret";
        mojo.url = "jdbc:postgresql://u:inurl@h/db?sslmode=disable&password=inquery";
        List<String> secrets = mojo.secrets();
        assertThat(secrets).containsExactlyInAnyOrder("s3cret", "inquery", "inurl");
        assertThat(AbstractPitstopMojo.toMojoException(new PitstopException(ErrorCode.EXECUTION_FAILED,
                "failed with s3cret, inquery and inurl"), secrets)).hasMessage("failed with ***, *** and ***");
    }

    @Test
    void bundledDriversAreNamedByUrl() {
        assertThat(AbstractPitstopMojo.driverClassFor("jdbc:postgresql://h/db")).isEqualTo("org.postgresql.Driver");
        assertThat(AbstractPitstopMojo.driverClassFor("jdbc:mysql://h/db")).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(AbstractPitstopMojo.driverClassFor("jdbc:h2:mem:x")).isNull();
    }
}
