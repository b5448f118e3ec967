package dev.pitstop.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tier {@code local}: the servers a developer machine (and this project's CI machine) runs on the
 * default ports: PostgreSQL at 127.0.0.1:5432 as {@code postgres} without password (database
 * {@code postgres}), MySQL/MariaDB at 127.0.0.1:3306 as {@code root} with an empty password.
 * A plain TCP connect with a 2 s timeout comes first so an absent server costs next to nothing.
 * Owns nothing: the servers are the machine's.
 */
final class LocalServerSource implements ServerSource {

    static final String HOST = "127.0.0.1";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public String tier() {
        return "local";
    }

    @Override
    public Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot) {
        int port = kind == DatabaseKind.POSTGRES ? 5432 : 3306;
        String user = kind == DatabaseKind.POSTGRES ? "postgres" : "root";
        String address = HOST + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) PROBE_TIMEOUT.toMillis());
        } catch (IOException e) {
            whyNot.accept("nothing listening on " + address + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        String url = kind == DatabaseKind.POSTGRES
                ? "jdbc:postgresql://" + address + "/postgres"
                : "jdbc:mysql://" + address + "/";
        try {
            return Optional.of(Server.probe(kind, tier(), "local", url, user, "", PROBE_TIMEOUT));
        } catch (SQLException | RuntimeException e) {
            whyNot.accept(address + " answered but connecting as " + user + " without password failed: "
                    + e.getMessage());
            return Optional.empty();
        }
    }
}
