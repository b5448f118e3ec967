package dev.pitstop.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckResult;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.load.MigrationVersion;
import dev.pitstop.spi.ParserFlavor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The labelled corpus in {@code src/test/resources/check-corpus/<dialect>/}: each file holds a base schema, a
 * change, the expected verdict and the rule ids of every finding the change gets. The base becomes V1, the change
 * V2, and the checker replays both; only V2's findings are compared (the base may use statements Pitstop does not
 * plan, such as CREATE TYPE).
 *
 * <pre>
 * -- expect: refused | accepted
 * -- rules: rule-id rule-id ...      (every finding of the change, any severity; empty when none)
 * -- base
 * ...statements...
 * -- change
 * ...statements...
 * </pre>
 */
class CheckCorpusTest {

    record Case(String name, ParserFlavor flavor, boolean refused, List<String> rules, String base, String change) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(CheckCorpusTest.class.getResource("/check-corpus")).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
            return sorted.stream().map(CheckCorpusTest::read).toList().stream();
        }
    }

    private static Case read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String dialect = file.getParent().getFileName().toString();
            String expect = header(text, "-- expect:");
            List<String> rules = Arrays.stream(header(text, "-- rules:").split("\\s+")).filter(s -> !s.isEmpty()).sorted().toList();
            int base = text.indexOf("\n-- base\n");
            int change = text.indexOf("\n-- change\n");
            return new Case(dialect + "/" + file.getFileName(), dialect.equals("mysql") ? ParserFlavor.MYSQL : ParserFlavor.POSTGRES,
                    expect.equals("refused"), rules, text.substring(base + 9, change + 1), text.substring(change + 11));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + " line")).substring(prefix.length()).strip();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verdictAndRuleIdsMatchTheLabel(Case c) {
        CheckResult result = new Checker(c.flavor()).check(List.of(
                new MigrationScript(MigrationVersion.parse("1"), "base", "V1__base.sql", "corpus", c.base()),
                new MigrationScript(MigrationVersion.parse("2"), "change", "V2__change.sql", "corpus", c.change())));
        List<CheckFinding> change = result.findings().stream().filter(f -> f.file().equals("V2__change.sql")).toList();
        String described = change.stream().map(f -> f.severity() + " " + f.rule() + " at line " + f.line() + ": " + f.why())
                .reduce("", (a, b) -> a + "\n  " + b);
        assertThat(change.stream().map(CheckFinding::rule).sorted().toList()).as(c.name() + described).isEqualTo(c.rules());
        assertThat(change.stream().anyMatch(f -> f.severity() == CheckFinding.Severity.REFUSED))
                .as(c.name() + " refused?" + described).isEqualTo(c.refused());
        assertThat(change).allSatisfy(f -> {
            assertThat(f.why()).isNotBlank();
            assertThat(f.severity() == CheckFinding.Severity.INFO || f.rewrite() != null).isTrue();
        });
    }
}
