package dev.pitstop.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Times Pitstop's copy stage alone, from outside: polls the BACKFILL row of {@code pitstop_steps} from
 * when it appears (the copy starts) until its checkpoint says {@code complete=true}, and reads the rows
 * copied from it. Good to the polling interval (10 ms).
 */
final class CopyWatch implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long startedNanos;
    private volatile long doneNanos;
    private volatile long rows;

    CopyWatch(DataSource ds) {
        thread = new Thread(() -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                while (running && doneNanos == 0) {
                    try (ResultSet rs = st.executeQuery("SELECT checkpoint FROM pitstop_steps WHERE phase = 'BACKFILL'")) {
                        if (rs.next()) {
                            long now = System.nanoTime();
                            if (startedNanos == 0) {
                                startedNanos = now;
                            }
                            String checkpoint = rs.getString(1);
                            if (checkpoint != null && checkpoint.contains("complete=true")) {
                                rows = Long.parseLong(checkpoint.replaceFirst("^rows=(\\d+);.*$", "$1"));
                                doneNanos = now;
                            }
                        }
                    } catch (java.sql.SQLException notYet) {
                        // pitstop_steps does not exist until the migration starts
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "copy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Rows per second of the copy stage, or NaN when it was not seen from start to end. */
    double rowsPerSecond() {
        return startedNanos == 0 || doneNanos == 0 ? Double.NaN : rows / ((doneNanos - startedNanos) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
