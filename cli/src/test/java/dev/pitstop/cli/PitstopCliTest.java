package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The command line without a database: usage errors, help and version. Commands that would connect are only
 * run where they fail before connecting.
 */
class PitstopCliTest {

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PitstopCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void noCommandIsBadUsageWithAHint() {
        Outcome outcome = run();

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err())
                .contains("pitstop: name a command: demo, check, plan, migrate, contract, abort, status, baseline, pause, resume, "
                        + "postpone-cutover, unpostpone or set")
                .contains("Run 'pitstop --help'");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void demoRefusesABadRowCountBeforeStartingAnything() {
        Outcome outcome = run("demo", "--rows", "10");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--rows must be between 1000 and 100000000, got 10");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void demoHelpSaysItNeedsNoDatabase() {
        Outcome outcome = run("demo", "--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("no database of your own", "--rows", "--rate", "--window");
    }

    @Test
    void anUnknownOptionIsBadUsageWithAHint() {
        Outcome outcome = run("--bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Unknown option: '--bogus'").contains("Run 'pitstop --help'");
    }

    @Test
    void anUnknownOptionAfterACommandIsBadUsage() {
        Outcome outcome = run("migrate", "--bogus");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        Outcome outcome = run("frobnicate");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'frobnicate'").contains("Run 'pitstop --help'");
    }

    @Test
    void aBadFormatIsBadUsageListingTheFormats() {
        Outcome outcome = run("plan", "--format", "xml");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--format").contains("text, json");
    }

    @Test
    void versionPrintsTheVersionAndSucceeds() {
        Outcome outcome = run("--version");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("pitstop ");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Outcome outcome = run("--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("Usage: pitstop")
                .contains("plan", "migrate", "contract", "status", "baseline")
                .contains("--url", "--locations", "--lock-wait", "--ddl-lock-timeout", "--ddl-retry-budget")
                .contains("Exit codes: 0 success");
    }

    @Test
    void aCommandsHelpShowsTheInheritedOptions() {
        Outcome outcome = run("migrate", "--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("Usage: pitstop migrate").contains("--url").contains("Apply pending migrations");
    }

    @Test
    void migrateWithoutAUrlIsBadUsageNamingTheWaysToGiveIt() {
        assumeTrue(System.getenv("PITSTOP_URL") == null || System.getenv("PITSTOP_URL").isEmpty(), "PITSTOP_URL is set");
        assumeTrue(!Files.exists(Settings.propertiesFile()), "a pitstop.properties file is in the working directory");

        Outcome outcome = run("migrate");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("pitstop: no database URL").contains("--url").contains("PITSTOP_URL");
    }

    @Test
    void aBadDurationIsOneLineOfBadUsage() {
        Outcome outcome = run("migrate", "--lock-wait", "soon");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("pitstop: --lock-wait: 'soon' is not a duration; write e.g. 500ms, 30s, 5m or PT30S"
                + System.lineSeparator());
    }

    @Test
    void aUrlNoDriverAcceptsIsAConnectionFailureWithTheUrlMasked() {
        Outcome outcome = run("plan", "--url", "jdbc:postgres://app:hunter2@db/app");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).doesNotContain("hunter2").contains("jdbc:postgres://app:***@db/app");
    }

    @Test
    void badSettingsAreRefusedBeforeConnecting() {
        Outcome outcome = run("plan", "--url", "jdbc:postgresql://127.0.0.1:1/app", "--lock-wait", "0s");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("lockWait must be a positive duration").doesNotContain("cannot connect");
    }
}
