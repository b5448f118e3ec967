package dev.pitstop.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The SQL of one version of the demo's application: the old one knows {@code orders.note} and reads
 * {@code amount_cents} as an int, the new one knows {@code orders.customer_note} and reads a long. Each
 * transaction is one of: insert (30%), update (30%), delete (10%), read by key (30%).
 */
public enum AppVersion {
    OLD("old", "note"),
    NEW("new", "customer_note");

    private final String label;
    private final String noteColumn;

    AppVersion(String label, String noteColumn) {
        this.label = label;
        this.noteColumn = noteColumn;
    }

    public String label() {
        return label;
    }

    /** One transaction against existing ids 1..maxId; the caller commits. */
    void transaction(Connection c, long maxId) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long id = 1 + r.nextLong(maxId);
        int dice = r.nextInt(100);
        if (dice < 30) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (customer_id, amount_cents, status, "
                    + noteColumn + ") VALUES (?, ?, 'new', ?)")) {
                ps.setInt(1, 1 + r.nextInt(50_000));
                ps.setInt(2, r.nextInt(100_000));
                ps.setString(3, label + " app insert");
                ps.executeUpdate();
            }
        } else if (dice < 60) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET amount_cents = amount_cents + 1, "
                    + noteColumn + " = ? WHERE id = ?")) {
                ps.setString(1, label + " app update");
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        } else if (dice < 70) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, customer_id, amount_cents, status, " + noteColumn
                    + " FROM orders WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (this == OLD) {
                            rs.getInt("amount_cents");
                        } else {
                            rs.getLong("amount_cents");
                        }
                        rs.getString(noteColumn);
                    }
                }
            }
        }
    }
}
