package dev.pitstop.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * How long each phase of one migration took and how many rows its copy moved, read back from
 * Pitstop's own {@code pitstop_history} and {@code pitstop_steps} after {@code migrate}: a step's phase
 * ends when its row says DONE and starts where the one before it ended (the first one where the
 * migration started, checks included), all in the server's clock.
 */
record StepTimeline(List<Entry> entries) {

    /** One step's phase: e.g. step 1, BACKFILL, rebuild-table, 12.3 s, "rows=1000000;...", its end on the server's clock. */
    record Entry(int stepNo, String phase, String kind, Duration took, String checkpoint, java.time.Instant endedAt) {
    }

    static StepTimeline read(DataSource dataSource, String version) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Timestamp previous;
            try (PreparedStatement ps = c.prepareStatement("SELECT started_at FROM pitstop_history WHERE version = ?")) {
                ps.setString(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new StepTimeline(List.of());
                    }
                    previous = rs.getTimestamp(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT step_no, phase, kind, checkpoint, updated_at "
                    + "FROM pitstop_steps WHERE version = ? AND state = 'DONE' ORDER BY updated_at")) {
                ps.setString(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp at = rs.getTimestamp("updated_at");
                        entries.add(new Entry(rs.getInt("step_no"), rs.getString("phase"), rs.getString("kind"),
                                Duration.between(previous.toInstant(), at.toInstant()), rs.getString("checkpoint"), at.toInstant()));
                        previous = at;
                    }
                }
            }
        }
        return new StepTimeline(List.copyOf(entries));
    }

    /** The time of every step's part in one phase (EXPAND, BACKFILL, CONTRACT). */
    Duration total(String phase) {
        return entries.stream().filter(e -> e.phase().equals(phase)).map(Entry::took).reduce(Duration.ZERO, Duration::plus);
    }

    /** Rows the backfills of steps of this kind wrote, from their checkpoints ({@code rows=N;...}). */
    long rows(String kind) {
        return backfills(kind).stream().filter(e -> e.checkpoint() != null).mapToLong(e -> rowsOf(e.checkpoint())).sum();
    }

    /** The time of the backfills of steps of this kind. */
    Duration backfillTime(String kind) {
        return backfills(kind).stream().map(Entry::took).reduce(Duration.ZERO, Duration::plus);
    }

    private List<Entry> backfills(String kind) {
        return entries.stream().filter(e -> e.phase().equals("BACKFILL") && e.kind().equals(kind)).toList();
    }

    static long rowsOf(String checkpoint) {
        for (String part : checkpoint.split(";")) {
            if (part.startsWith("rows=")) {
                try {
                    return Long.parseLong(part.substring(5));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
