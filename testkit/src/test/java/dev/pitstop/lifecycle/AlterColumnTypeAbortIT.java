package dev.pitstop.lifecycle;

import static dev.pitstop.lifecycle.LifecycleHarness.exec;
import static dev.pitstop.lifecycle.LifecycleHarness.rows;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abort of a metadata-only ALTER COLUMN ... TYPE (PostgreSQL only: on MySQL/MariaDB every type change is an
 * online rebuild, whose abort swaps the old table back): the type goes back when the change back is
 * metadata-only too (text back to an unlimited varchar); otherwise abort refuses before it undoes anything.
 * The change shares its migration with a DROP INDEX, which waits for contract, so the migration stays expanded.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class AlterColumnTypeAbortIT {

    private static LifecycleHarness.App notes() {
        return new LifecycleHarness.App() {
            @Override
            public void insert(Connection c, int id, String value) throws SQLException {
                exec(c, "INSERT INTO notes (id, body) VALUES (?, ?)", id, value);
            }

            @Override
            public void update(Connection c, int id, String value) throws SQLException {
                exec(c, "UPDATE notes SET body = ? WHERE id = ?", value, id);
            }

            @Override
            public Map<Integer, String> read(Connection c) throws SQLException {
                return rows(c, "SELECT id, body FROM notes");
            }
        };
    }

    @Test
    void textGoesBackToAnUnlimitedVarchar(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        new LifecycleHarness(db, new MigrationFiles(dir), notes(), notes())
                .afterExpand(() -> assertThat(OnlineRebuildIT.type(db, "notes", "body")).isEqualTo("text"))
                .afterAbort(() -> assertThat(OnlineRebuildIT.type(db, "notes", "body")).isEqualTo("character varying"))
                .run("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR, tag INT);\nCREATE INDEX notes_tag_idx ON notes (tag);\n",
                        "ALTER TABLE notes ALTER COLUMN body TYPE text;\nDROP INDEX notes_tag_idx;\n", 50,
                        MigrationState.EXPANDED, () -> assertThat(OnlineRebuildIT.type(db, "notes", "body")).isEqualTo("text"));
    }

    @Test
    void aChangeBackThatWouldCheckEveryRowIsRefusedBeforeAnythingIsUndone(TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(50), tag INT)", "CREATE INDEX notes_tag_idx ON notes (tag)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__longer_body.sql", "CREATE INDEX notes_body_idx ON notes (body);\n"
                + "ALTER TABLE notes ALTER COLUMN body TYPE varchar(200);\nDROP INDEX notes_tag_idx;\n");
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();

        assertThatThrownBy(pitstop::abort).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).contains("notes.body back from character varying(200) to character varying(50)",
                    "exclusive lock", "Nothing was undone");
        });
        assertThat(Schema.indexExists(db, "notes", "notes_body_idx")).as("the step before it is not undone").isTrue();
        assertThat(pitstop.status().migrations()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        pitstop.contract();
        assertThat(OnlineRebuildIT.type(db, "notes", "body")).isEqualTo("character varying(200)");
    }
}
