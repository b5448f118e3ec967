package dev.pitstop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @TempDir
    Path dir;

    private final PitstopCli flags = new PitstopCli();

    private Path propertiesFile(String... lines) throws IOException {
        return Files.write(dir.resolve("pitstop.properties"), List.of(lines));
    }

    private Path noFile() {
        return dir.resolve("pitstop.properties");
    }

    @Test
    void withNothingGivenTheDefaultsApplyAndThereIsNoUrl() {
        Settings settings = Settings.resolve(flags, Map.of(), noFile());

        assertThat(settings.url()).isNull();
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.locations()).containsExactly("db/migration");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.ddlRetryBudget()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void thePropertiesFileFillsEverySetting() throws IOException {
        Path file = propertiesFile(
                "pitstop.url=jdbc:postgresql://file/app",
                "pitstop.user=file_user",
                "pitstop.password=file_secret",
                "pitstop.locations=sql/one,sql/two",
                "pitstop.lockWait=1m",
                "pitstop.ddlLockTimeout=3s",
                "pitstop.ddlRetryBudget=90s",
                "pitstop.chunkTime=250ms",
                "pitstop.cutOverLockTimeout=2s",
                "pitstop.cutOverBudget=2m",
                "pitstop.instanceTimeout=90s",
                "pitstop.previousQueries=old/queries.sql");

        Settings settings = Settings.resolve(flags, Map.of(), file);

        assertThat(settings).isEqualTo(new Settings("jdbc:postgresql://file/app", "file_user", "file_secret",
                List.of("sql/one", "sql/two"), Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(90),
                Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(90),
                java.nio.file.Path.of("old/queries.sql"), dev.pitstop.ThrottleSettings.NONE));
    }

    @Test
    void throttleSettingsComeFromFlagsEnvironmentAndFile() throws IOException {
        Path file = propertiesFile("pitstop.maxLoad=40", "pitstop.throttleQuery=SELECT v FROM flags",
                "pitstop.throttleQueryCritical=2.5", "pitstop.maxPause=2h");
        flags.maxLag = "3s";
        Map<String, String> env = Map.of("PITSTOP_CRITICAL_LAG", "1m", "PITSTOP_MAX_LOAD", "30");

        Settings settings = Settings.resolve(flags, env, file);

        assertThat(settings.throttle()).isEqualTo(new dev.pitstop.ThrottleSettings(Duration.ofSeconds(3),
                Duration.ofMinutes(1), null, 30, null, "SELECT v FROM flags", 2.5, Duration.ofHours(2)));
    }

    @Test
    void aLoadThatIsNotANumberIsBadUsage() {
        flags.maxLoad = "many";

        assertThatThrownBy(() -> Settings.resolve(flags, Map.of(), noFile()))
                .isInstanceOf(PitstopException.class).hasMessageContaining("--max-load must be a whole number, got 'many'")
                .extracting(e -> ((PitstopException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = propertiesFile("pitstop.url=jdbc:postgresql://file/app", "pitstop.user=file_user",
                "pitstop.lockWait=1m", "pitstop.ddlLockTimeout=3s", "pitstop.ddlRetryBudget=90s");
        Map<String, String> env = Map.of(
                "PITSTOP_URL", "jdbc:postgresql://env/app",
                "PITSTOP_LOCK_WAIT", "2m",
                "PITSTOP_DDL_LOCK_TIMEOUT", "4s",
                "PITSTOP_DDL_RETRY_BUDGET", "120s");

        Settings settings = Settings.resolve(flags, env, file);

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://env/app");
        assertThat(settings.user()).isEqualTo("file_user");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.ddlLockTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.ddlRetryBudget()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aFlagWinsOverTheEnvironmentAndTheFile() throws IOException {
        Path file = propertiesFile("pitstop.url=jdbc:postgresql://file/app", "pitstop.password=file_secret",
                "pitstop.lockWait=1m", "pitstop.locations=from/file");
        Map<String, String> env = Map.of("PITSTOP_URL", "jdbc:postgresql://env/app", "PITSTOP_PASSWORD", "env_secret",
                "PITSTOP_LOCK_WAIT", "2m", "PITSTOP_LOCATIONS", "from/env");
        flags.url = "jdbc:postgresql://flag/app";
        flags.password = "flag_secret";
        flags.lockWait = "3m";
        flags.locations = List.of("from/flag", "and/another");

        Settings settings = Settings.resolve(flags, env, file);

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://flag/app");
        assertThat(settings.password()).isEqualTo("flag_secret");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.locations()).containsExactly("from/flag", "and/another");
    }

    @Test
    void anEmptyEnvironmentVariableFallsThroughToTheFile() throws IOException {
        Path file = propertiesFile("pitstop.url=jdbc:postgresql://file/app");

        assertThat(Settings.resolve(flags, Map.of("PITSTOP_URL", ""), file).url()).isEqualTo("jdbc:postgresql://file/app");
    }

    @Test
    void locationsAreSplitOnCommasTrimmedAndEmptyPartsDropped() {
        Settings settings = Settings.resolve(flags, Map.of("PITSTOP_LOCATIONS", " db/one , db/two,,classpath:db/three, "), noFile());

        assertThat(settings.locations()).containsExactly("db/one", "db/two", "classpath:db/three");
    }

    @Test
    void anEmptyLocationsFlagListFallsThroughToTheEnvironment() {
        flags.locations = List.of();

        assertThat(Settings.resolve(flags, Map.of("PITSTOP_LOCATIONS", "db/env"), noFile()).locations()).containsExactly("db/env");
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "30s,   PT30S",
            "5m,    PT5M",
            "1h,    PT1H",
            "45,    PT45S",
            "PT30S, PT30S",
            "pt2m,  PT2M",
            "' 10S ', PT10S",
            "0s,    PT0S"})
    void durationsAcceptUnitsPlainSecondsAndIso8601(String text, String expected) {
        assertThat(Settings.duration("lock-wait", text, Duration.ofDays(1))).isEqualTo(Duration.parse(expected));
    }

    @Test
    void anAbsentOrBlankDurationIsTheFallback() {
        assertThat(Settings.duration("lock-wait", null, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.duration("lock-wait", "  ", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "5 m", "ms", "1d", "s", "PT", "1.5s", "five"})
    void aBadDurationIsInvalidConfigNamingTheFlagAndShowingExamples(String text) {
        assertThatThrownBy(() -> Settings.duration("ddl-lock-timeout", text, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("--ddl-lock-timeout: '" + text + "' is not a duration; write e.g. 500ms, 30s, 5m or PT30S");
    }

    @Test
    void aBadDurationFromAnySourceFailsResolve() throws IOException {
        Path file = propertiesFile("pitstop.ddlRetryBudget=a minute");

        assertThatThrownBy(() -> Settings.resolve(flags, Map.of(), file))
                .isInstanceOfSatisfying(PitstopException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageStartingWith("--ddl-retry-budget: 'a minute'");
    }

    @Test
    void requireUrlReturnsTheUrl() {
        flags.url = "jdbc:mysql://db:3306/app";

        assertThat(Settings.resolve(flags, Map.of(), noFile()).requireUrl()).isEqualTo("jdbc:mysql://db:3306/app");
    }

    @Test
    void requireUrlWithoutAUrlSaysTheThreeWaysToGiveIt() {
        Settings settings = Settings.resolve(flags, Map.of(), noFile());

        assertThatThrownBy(settings::requireUrl)
                .isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.exitCode()).isEqualTo(2);
                })
                .hasMessageContaining("--url jdbc:postgresql://")
                .hasMessageContaining("PITSTOP_URL")
                .hasMessageContaining("pitstop.url in pitstop.properties");
    }

    @Test
    void aBlankUrlCountsAsNoUrl() {
        flags.url = " ";

        assertThatThrownBy(Settings.resolve(flags, Map.of(), noFile())::requireUrl)
                .isInstanceOf(PitstopException.class)
                .hasMessageStartingWith("no database URL");
    }

    @Test
    void thePropertiesFileIsLookedForInTheWorkingDirectory() {
        assertThat(Settings.propertiesFile()).isEqualTo(Path.of("pitstop.properties"));
    }
}
