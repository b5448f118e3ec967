package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The previous version's own SQL decides a DROP COLUMN: {@code migrate} refuses it (and changes nothing) when
 * one of those statements reads the column, and runs it when none does.
 */
@WithDatabases
class PreviousQueriesIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theSameDropColumnIsRefusedWhenAPreviousQueryReadsItAndAcceptedWhenNoneDoes(DatabaseKind kind, TestDatabases dbs,
                                                                                  @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        MigrationFiles files = new MigrationFiles(migrations);
        files.write("V1__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(50), qty INT);\n");
        files.pitstop(db).migrate();
        files.write("V2__drop_note.sql", "ALTER TABLE orders DROP COLUMN note;\n");

        Path reads = Files.writeString(dir.resolve("previous-reads.sql"),
                "SELECT id, qty FROM orders WHERE id = 1;\nSELECT note FROM orders WHERE id = 2;\n");
        Pitstop refusing = files.configure(db).previousQueries(reads).load();
        assertThatThrownBy(refusing::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CHECK_REFUSED);
            assertThat(e.getMessage()).contains("previous-query-fails", "V2__drop_note.sql:1", "note");
        });
        assertThat(Schema.columns(db, "orders")).contains("note");
        assertThat(refusing.status().migrations()).anySatisfy(m -> {
            assertThat(m.version()).isEqualTo("2");
            assertThat(m.state()).isEqualTo(MigrationState.PENDING);
        });

        Path others = Files.writeString(dir.resolve("previous-others.sql"),
                "SELECT id, qty FROM orders WHERE id = 1;\nINSERT INTO orders (id, qty) VALUES (3, 4);\n");
        assertThat(files.configure(db).previousQueries(others).dialect(kind == DatabaseKind.POSTGRES ? "postgres" : "mysql")
                .check().findings()).anySatisfy(f -> assertThat(f.rule()).isEqualTo("drop-unread"));
        Pitstop accepting = files.configure(db).previousQueries(others).load();
        assertThat(accepting.migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
    }
}
