package dev.pitstop.internal.parse;

import static dev.pitstop.internal.parse.ScriptSplitterTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterPostgresTest {

    private static List<String> split(String script) {
        return texts(ParserFlavor.POSTGRES, script);
    }

    @Test
    void keepsSemicolonsInsideADollarQuotedBody() {
        assertThat(split("CREATE FUNCTION one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT one();"))
                .containsExactly("CREATE FUNCTION one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT one()");
    }

    @Test
    void keepsSemicolonsInsideATaggedDollarBodyThatContainsPlainDollarQuotes() {
        String function = """
                CREATE FUNCTION touch() RETURNS trigger AS $fn$
                BEGIN
                    NEW.note := $$it's; fine$$;
                    RETURN NEW;
                END;
                $fn$ LANGUAGE plpgsql""";

        assertThat(split(function + ";\nSELECT 2;")).containsExactly(function, "SELECT 2");
    }

    @Test
    void linesInsideADollarBodyAreCounted() {
        List<SourceStatement> statements = new ScriptSplitter(ParserFlavor.POSTGRES)
                .split("DO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\nSELECT 2;");

        assertThat(statements).extracting(SourceStatement::line).containsExactly(1, 6);
    }

    @Test
    void positionalParametersAndDollarsInIdentifiersAreNotDollarQuotes() {
        assertThat(split("PREPARE p AS SELECT $1; SELECT a$b FROM t; SELECT 3"))
                .containsExactly("PREPARE p AS SELECT $1", "SELECT a$b FROM t", "SELECT 3");
    }

    @Test
    void aBackslashInAStandardStringIsNotAnEscape() {
        assertThat(split("SELECT 'C:\\'; SELECT 2")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void hashIsAnOperatorNotAComment() {
        assertThat(split("SELECT 5 # 3; SELECT 2")).containsExactly("SELECT 5 # 3", "SELECT 2");
    }

    @Test
    void backticksAreOrdinaryCharactersNotQuotes() {
        assertThat(split("SELECT `a;b`")).containsExactly("SELECT `a", "b`");
    }

    @Test
    void keepsSemicolonsInsideAnEscapeStringWithABackslashQuote() {
        assertThat(split("SELECT E'it\\'s; one'; SELECT 2")).containsExactly("SELECT E'it\\'s; one'", "SELECT 2");
    }
}
