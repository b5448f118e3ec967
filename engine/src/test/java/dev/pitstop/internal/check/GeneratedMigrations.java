package dev.pitstop.internal.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a folder of PostgreSQL migration files for timing {@code pitstop check}: every tenth file creates a table,
 * the others add a column, widen a type, add an index, set a default and NOT NULL, rename or drop a column of one
 * of the tables before, and run a data statement: all accepted, so the checker does its full work on each.
 *
 * <pre>
 * java -cp engine/target/classes:engine/target/test-classes dev.pitstop.internal.check.GeneratedMigrations /tmp/m 1000
 * java -jar cli/target/pitstop.jar check --dialect postgres --locations /tmp/m
 * </pre>
 */
public final class GeneratedMigrations {
    private GeneratedMigrations() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    public static void write(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        for (int v = 1; v <= count; v++) {
            int table = (v - 1) / 10;
            String t = "t" + table;
            String sql = switch ((v - 1) % 10) {
                case 0 -> "CREATE TABLE " + t + " (id bigint PRIMARY KEY, name varchar(50) NOT NULL, qty int, note text,\n"
                        + "    price numeric(10,2), created_at timestamptz NOT NULL DEFAULT now());\n";
                case 1 -> "ALTER TABLE " + t + " ADD COLUMN status text;\nALTER TABLE " + t + " ADD COLUMN rank int NOT NULL DEFAULT 0;\n";
                case 2 -> "ALTER TABLE " + t + " ALTER COLUMN name TYPE varchar(200);\n";
                case 3 -> "CREATE INDEX " + t + "_name ON " + t + " (name);\n";
                case 4 -> "ALTER TABLE " + t + " ALTER COLUMN status SET DEFAULT 'new';\n"
                        + "UPDATE " + t + " SET status = 'new' WHERE status IS NULL;\n";
                case 5 -> "ALTER TABLE " + t + " ALTER COLUMN status SET NOT NULL;\n";
                case 6 -> "ALTER TABLE " + t + " ALTER COLUMN qty TYPE bigint;\n";
                case 7 -> "ALTER TABLE " + t + " RENAME COLUMN note TO remark;\n";
                case 8 -> "ALTER TABLE " + t + " ALTER COLUMN price TYPE numeric(14,2);\nDELETE FROM " + t + " WHERE qty < 0;\n";
                default -> "ALTER TABLE " + t + " DROP COLUMN remark;\nDROP INDEX " + t + "_name;\n";
            };
            Files.writeString(dir.resolve("V" + v + "__step_" + v + ".sql"), sql, StandardCharsets.UTF_8);
        }
    }
}
