package dev.pitstop.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckResult;
import dev.pitstop.internal.load.MigrationLoader;
import dev.pitstop.spi.ParserFlavor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedMigrationsTest {

    @Test
    void generatedFilesAreAllAcceptedSoTheTimingMeasuresTheWholeChecker(@TempDir Path dir) throws Exception {
        GeneratedMigrations.write(dir, 30);
        CheckResult result = new Checker(ParserFlavor.POSTGRES).check(
                new MigrationLoader(getClass().getClassLoader()).load(List.of(dir.toString())));
        assertThat(result.migrations()).isEqualTo(30);
        assertThat(result.findings()).noneMatch(f -> f.severity() != CheckFinding.Severity.INFO);
        assertThat(result.findings()).extracting(CheckFinding::rule).contains("type-change-online", "not-null-validated",
                "index-online", "rename-expand-contract", "drop-deferred");
    }
}
