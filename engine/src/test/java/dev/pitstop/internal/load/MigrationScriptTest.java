package dev.pitstop.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationScriptTest {

    private static final String LF = "CREATE TABLE orders (id bigint);\nCREATE INDEX idx ON orders (id);\n";

    private static String checksumOf(String content) {
        return new MigrationScript(MigrationVersion.parse("1"), "orders", "V1__orders.sql", "test", content).checksum();
    }

    @Test
    void checksumIsAHexSha256() {
        assertThat(checksumOf(LF)).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void windowsLineEndingsGiveTheSameChecksum() {
        assertThat(checksumOf(LF.replace("\n", "\r\n"))).isEqualTo(checksumOf(LF));
    }

    @Test
    void oldMacLineEndingsGiveTheSameChecksum() {
        assertThat(checksumOf(LF.replace("\n", "\r"))).isEqualTo(checksumOf(LF));
    }

    @Test
    void aByteOrderMarkGivesTheSameChecksum() {
        assertThat(checksumOf("\uFEFF" + LF)).isEqualTo(checksumOf(LF));
        assertThat(checksumOf("\uFEFF" + LF.replace("\n", "\r\n"))).isEqualTo(checksumOf(LF));
    }

    @Test
    void aChangedStatementGivesAnotherChecksum() {
        assertThat(checksumOf(LF.replace("bigint", "int"))).isNotEqualTo(checksumOf(LF));
    }

    @Test
    void changedWhitespaceInsideALineGivesAnotherChecksum() {
        assertThat(checksumOf(LF.replace("TABLE orders", "TABLE  orders"))).isNotEqualTo(checksumOf(LF));
    }
}
