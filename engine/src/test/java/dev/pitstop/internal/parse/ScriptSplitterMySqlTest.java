package dev.pitstop.internal.parse;

import static dev.pitstop.internal.parse.ScriptSplitterTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterMySqlTest {

    private static List<String> split(String script) {
        return texts(ParserFlavor.MYSQL, script);
    }

    private static List<SourceStatement> statements(String script) {
        return new ScriptSplitter(ParserFlavor.MYSQL).split(script);
    }

    @Test
    void keepsSemicolonsInsideBackticksIncludingDoubledBackticks() {
        assertThat(split("SELECT `odd;name`, `a``;b` FROM t; SELECT 2"))
                .containsExactly("SELECT `odd;name`, `a``;b` FROM t", "SELECT 2");
    }

    @Test
    void aBackslashEscapesTheQuoteInBothKindsOfString() {
        assertThat(split("SELECT 'it\\'s; one'; SELECT \"say \\\"hi;\\\"\"; SELECT 3"))
                .containsExactly("SELECT 'it\\'s; one'", "SELECT \"say \\\"hi;\\\"\"", "SELECT 3");
    }

    @Test
    void anEscapedBackslashBeforeTheClosingQuoteEndsTheString() {
        assertThat(split("SELECT 'C:\\\\'; SELECT 2")).containsExactly("SELECT 'C:\\\\'", "SELECT 2");
    }

    @Test
    void hashStartsALineComment() {
        List<SourceStatement> statements = statements("# setup; not a statement\nSELECT 1 # trailing; comment\n;\nSELECT 2;");

        assertThat(statements).extracting(SourceStatement::text).containsExactly("SELECT 1 # trailing; comment", "SELECT 2");
        assertThat(statements.get(0).leadingComments()).isEqualTo("# setup; not a statement\n");
        assertThat(statements.get(0).line()).isEqualTo(2);
        assertThat(statements.get(1).line()).isEqualTo(4);
    }

    @Test
    void aTriggerBodyWithoutDelimiterIsOneStatementEvenWithNestedIfBlocks() {
        String trigger = """
                CREATE TRIGGER orders_defaults BEFORE INSERT ON orders FOR EACH ROW
                BEGIN
                    IF NEW.status IS NULL THEN
                        SET NEW.status = 'new';
                    ELSEIF NEW.status = '' THEN
                        IF NEW.total > 100 THEN
                            SET NEW.status = 'review';
                        END IF;
                    END IF;
                    SET NEW.created = NOW();
                END""";

        List<SourceStatement> statements = statements(trigger + ";\nINSERT INTO orders (id) VALUES (1);\n");

        assertThat(statements).extracting(SourceStatement::text)
                .containsExactly(trigger, "INSERT INTO orders (id) VALUES (1)");
        assertThat(statements).extracting(SourceStatement::line).containsExactly(1, 12);
    }

    @Test
    void aProcedureWithNestedBlocksAndLoopsIsOneStatement() {
        String procedure = """
                CREATE PROCEDURE fill()
                BEGIN
                    DECLARE i INT DEFAULT 0;
                    BEGIN
                        SELECT 1;
                    END;
                    WHILE i < 3 DO SET i = i + 1; END WHILE;
                    l: LOOP LEAVE l; END LOOP;
                    REPEAT SET i = i - 1; UNTIL i = 0 END REPEAT;
                    CASE i WHEN 0 THEN SELECT 0; ELSE SELECT 1; END CASE;
                END""";

        assertThat(split(procedure + ";\nCALL fill();")).containsExactly(procedure, "CALL fill()");
    }

    @Test
    void anEventBodyIsOneStatement() {
        String event = "CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM logs WHERE old; END";

        assertThat(split(event + "; SELECT 2")).containsExactly(event, "SELECT 2");
    }

    @Test
    void aTriggerWithoutBeginEndEndsAtItsSemicolon() {
        assertThat(split("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1; SELECT 2"))
                .containsExactly("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1", "SELECT 2");
    }

    @Test
    void dollarsAreNotQuotes() {
        assertThat(split("SELECT '$$'; SELECT 2")).containsExactly("SELECT '$$'", "SELECT 2");
    }

    @Test
    void aCaseExpressionInsideATriggerBodyDoesNotEndTheBody() {
        String trigger = """
                CREATE TRIGGER orders_status BEFORE INSERT ON orders FOR EACH ROW
                BEGIN
                    SET NEW.status = CASE WHEN NEW.total > 100 THEN 'review' ELSE 'new' END;
                    SET NEW.created = NOW();
                END""";

        assertThat(split(trigger + ";\nSELECT 2;")).containsExactly(trigger, "SELECT 2");
    }

    @Test
    void aTableWithColumnsNamedEventAndBeginIsNotARoutine() {
        assertThat(split("CREATE TABLE calendar (event varchar(50), begin date);\nINSERT INTO calendar VALUES ('x', NOW());"))
                .containsExactly("CREATE TABLE calendar (event varchar(50), begin date)",
                        "INSERT INTO calendar VALUES ('x', NOW())");
    }
}
