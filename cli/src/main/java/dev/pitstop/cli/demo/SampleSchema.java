package dev.pitstop.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The demo's database before Pitstop: one {@code orders} table the old application knows, loaded in
 * one {@code generate_series} statement, and the migration the new application needs
 * ({@value #MIGRATION_FILE}): {@code note} renamed to {@code customer_note} and {@code amount_cents} widened
 * from integer to bigint, a change PostgreSQL makes by rewriting the table under an exclusive lock and
 * Pitstop makes as an online rebuild.
 */
final class SampleSchema {

    static final String MIGRATION_FILE = "V2__rename_and_widen.sql";

    static final String MIGRATION = """
            -- The new application version calls the note "customer_note" and needs amounts beyond 2^31 cents.
            ALTER TABLE orders ALTER COLUMN amount_cents TYPE bigint;
            ALTER TABLE orders RENAME COLUMN note TO customer_note;
            """;

    private SampleSchema() {
    }

    /** Creates {@code orders} with ids 1..rows and an index on customer_id. */
    static void load(DataSource dataSource, long rows) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE orders (
                        id           bigserial   PRIMARY KEY,
                        customer_id  integer     NOT NULL,
                        amount_cents integer     NOT NULL,
                        status       text        NOT NULL DEFAULT 'new',
                        note         text,
                        created_at   timestamptz NOT NULL DEFAULT now()
                    )""");
            st.execute("INSERT INTO orders (id, customer_id, amount_cents, status, note, created_at) "
                    + "SELECT g, 1 + g % 50000, (g::bigint * 7919) % 100000, CASE WHEN g % 10 = 0 THEN 'paid' ELSE 'new' END, "
                    + "'order ' || g, now() - make_interval(secs => g) FROM generate_series(1, " + rows + ") AS g");
            st.execute("SELECT setval('orders_id_seq', " + rows + ")");
            st.execute("CREATE INDEX orders_customer_idx ON orders (customer_id)");
            st.execute("VACUUM ANALYZE orders");
        }
    }

    /** {@code orders: 1,000,123 rows; id bigint, ..., customer_note text}: what the table looks like now. */
    static String describe(DataSource dataSource) throws SQLException {
        StringBuilder columns = new StringBuilder();
        long rows;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = 'orders' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    columns.append(columns.length() == 0 ? "" : ", ").append(rs.getString(1)).append(' ')
                            .append(rs.getString(2).replace("timestamp with time zone", "timestamptz"));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        return String.format(java.util.Locale.ROOT, "orders: %,d rows; %s", rows, columns);
    }

    /** Writes the migration file into {@code dir} and returns the directory, for {@code locations}. */
    static Path writeMigration(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MIGRATION_FILE), MIGRATION, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's migration into " + dir, e);
        }
    }
}
