package dev.pitstop.lifecycle;

import dev.pitstop.Pitstop;
import dev.pitstop.PitstopConfig;
import dev.pitstop.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A folder of migration files written by a test, and a Pitstop configured for it. */
final class MigrationFiles {
    /** The three statements every dialect runs online already, as three files. */
    static final String CREATE_TABLE = "CREATE TABLE customers (\n    id BIGINT PRIMARY KEY,\n    email VARCHAR(200) NOT NULL\n);\n";
    static final String CREATE_INDEX = "CREATE INDEX customers_email_idx ON customers (email);\n";
    static final String ADD_COLUMN = "ALTER TABLE customers ADD COLUMN phone VARCHAR(30);\n"
            + "ALTER TABLE customers ADD COLUMN tier INT NOT NULL DEFAULT 0;\n";

    private final Path dir;

    MigrationFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes (or overwrites) one file and returns its path. */
    Path write(String name, String sql) {
        try {
            return Files.writeString(dir.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** V1 create table, V2 create index, V3 add columns. */
    MigrationFiles standardThree() {
        write("V1__create_customers.sql", CREATE_TABLE);
        write("V2__index_customers_email.sql", CREATE_INDEX);
        write("V3__add_customers_phone.sql", ADD_COLUMN);
        return this;
    }

    PitstopConfig.Builder configure(TestDatabase db) {
        return Pitstop.configure()
                .dataSource(db.dataSource())
                .locations("filesystem:" + dir)
                .lockWait(Duration.ofSeconds(30));
    }

    Pitstop pitstop(TestDatabase db) {
        return configure(db).load();
    }
}
