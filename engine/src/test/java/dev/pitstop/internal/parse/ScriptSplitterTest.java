package dev.pitstop.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the splitter does the same way for every flavour. Flavour-specific rules have their own test classes. */
class ScriptSplitterTest {

    static List<String> texts(ParserFlavor flavor, String script) {
        return new ScriptSplitter(flavor).split(script).stream().map(SourceStatement::text).toList();
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void splitsAtTopLevelSemicolonsAndDropsThem(ParserFlavor flavor) {
        assertThat(texts(flavor, "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"))
                .containsExactly("CREATE TABLE a (id int)", "CREATE TABLE b (id int)");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void keepsSemicolonsInsideSingleQuotedStrings(ParserFlavor flavor) {
        assertThat(texts(flavor, "INSERT INTO t VALUES ('a;b'); SELECT 'it''s; still one'; SELECT 3"))
                .containsExactly("INSERT INTO t VALUES ('a;b')", "SELECT 'it''s; still one'", "SELECT 3");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void keepsSemicolonsInsideDoubleQuotes(ParserFlavor flavor) {
        assertThat(texts(flavor, "SELECT \"odd;name\" FROM t; SELECT 2"))
                .containsExactly("SELECT \"odd;name\" FROM t", "SELECT 2");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void keepsSemicolonsInsideLineCommentsWithinAStatement(ParserFlavor flavor) {
        assertThat(texts(flavor, "SELECT 1 -- not; the end\nFROM t;\nSELECT 2;"))
                .containsExactly("SELECT 1 -- not; the end\nFROM t", "SELECT 2");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void keepsSemicolonsInsideNestedBlockComments(ParserFlavor flavor) {
        assertThat(texts(flavor, "SELECT /* a; /* nested; */ still comment; */ 1; SELECT 2"))
                .containsExactly("SELECT /* a; /* nested; */ still comment; */ 1", "SELECT 2");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void aTrailingStatementWithoutSemicolonIsKept(ParserFlavor flavor) {
        assertThat(texts(flavor, "SELECT 1;\nSELECT 2\n")).containsExactly("SELECT 1", "SELECT 2");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void emptyScriptsCommentsAndStraySemicolonsGiveNoStatements(ParserFlavor flavor) {
        assertThat(texts(flavor, "")).isEmpty();
        assertThat(texts(flavor, "  \n\t\n")).isEmpty();
        assertThat(texts(flavor, "-- only a comment\n/* and a block */\n")).isEmpty();
        assertThat(texts(flavor, ";;\n;")).isEmpty();
        assertThat(texts(flavor, "SELECT 1;\n-- a trailing comment after the last statement\n")).containsExactly("SELECT 1");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void eachStatementKnowsTheLineOfItsFirstCharacter(ParserFlavor flavor) {
        String script = """
                -- V1: orders
                CREATE TABLE orders (
                    id bigint,
                    note text
                );

                CREATE INDEX orders_note ON orders (note); ALTER TABLE orders ADD COLUMN x int;
                /* a block
                   comment */
                   SELECT 1""";

        List<SourceStatement> statements = new ScriptSplitter(flavor).split(script);

        assertThat(statements).extracting(SourceStatement::line).containsExactly(2, 7, 7, 10);
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void linesAfterAMultiLineStringAreCountedAndCrLfCountsOnce(ParserFlavor flavor) {
        String script = "INSERT INTO t VALUES ('one\r\ntwo;\r\nthree');\r\n\r\nSELECT 2;\r\n";

        List<SourceStatement> statements = new ScriptSplitter(flavor).split(script);

        assertThat(statements).extracting(SourceStatement::line).containsExactly(1, 5);
        assertThat(statements.get(1).text()).isEqualTo("SELECT 2");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void commentsBeforeAStatementAreItsLeadingComments(ParserFlavor flavor) {
        String script = "SELECT 1;\n\n-- pitstop:allow rule-id because\n-- second line\nSELECT 2;\n/* block */ SELECT 3;";

        List<SourceStatement> statements = new ScriptSplitter(flavor).split(script);

        assertThat(statements.get(0).leadingComments()).isEmpty();
        assertThat(statements.get(1).leadingComments()).isEqualTo("-- pitstop:allow rule-id because\n-- second line\n");
        assertThat(statements.get(1).text()).isEqualTo("SELECT 2");
        assertThat(statements.get(1).line()).isEqualTo(5);
        assertThat(statements.get(2).leadingComments()).isEqualTo("/* block */");
        assertThat(statements.get(2).text()).isEqualTo("SELECT 3");
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void commentsInsideAStatementStayInItsText(ParserFlavor flavor) {
        List<SourceStatement> statements = new ScriptSplitter(flavor).split("ALTER TABLE t /* why */ ADD COLUMN c int -- because\n;");

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).text()).isEqualTo("ALTER TABLE t /* why */ ADD COLUMN c int -- because");
        assertThat(statements.get(0).leadingComments()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ParserFlavor.class)
    void transactionControlOutsideRoutinesIsSplitNormally(ParserFlavor flavor) {
        assertThat(texts(flavor, "BEGIN; UPDATE t SET a = 1; END;"))
                .containsExactly("BEGIN", "UPDATE t SET a = 1", "END");
    }
}
