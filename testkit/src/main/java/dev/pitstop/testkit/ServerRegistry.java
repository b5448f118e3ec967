package dev.pitstop.testkit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the server of each kind, once per JVM, by asking the tiers in order: {@code env}, {@code local},
 * {@code docker}, {@code embedded} (or only those named by {@code PITSTOP_TEST_SERVERS}), and logs the
 * choice with the reasons the earlier tiers gave. Owns the choice, not the servers. When no tier has a
 * server, {@link #require} skips the test class, or fails it when {@code CI=true}.
 */
final class ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRegistry.class);
    private static final ServerRegistry SHARED = new ServerRegistry(Settings.system());

    private final Settings settings;
    private final List<ServerSource> sources;
    private final Map<DatabaseKind, Choice> choices = new EnumMap<>(DatabaseKind.class);

    /** The outcome for one kind: a server, or why there is none, or a configuration error. */
    private record Choice(Server server, String reasons, RuntimeException error) {
    }

    ServerRegistry(Settings settings) {
        this(settings, List.of(new EnvServerSource(settings), new LocalServerSource(),
                new DockerServerSource(settings), new EmbeddedServerSource()));
    }

    ServerRegistry(Settings settings, List<ServerSource> sources) {
        this.settings = settings;
        this.sources = List.copyOf(sources);
    }

    /** The registry every {@link DatabasesExtension} shares: one choice per kind per JVM. */
    static ServerRegistry shared() {
        return SHARED;
    }

    Settings settings() {
        return settings;
    }

    /** The server for {@code kind}, if some tier has one. Configuration errors are thrown. */
    Optional<Server> find(DatabaseKind kind) {
        Choice choice = choose(kind);
        if (choice.error() != null) {
            throw choice.error();
        }
        return Optional.ofNullable(choice.server());
    }

    /**
     * The server for {@code kind}; without one this throws JUnit's {@code TestAbortedException}
     * (the test or class is skipped), or an {@link IllegalStateException} when {@code CI=true}.
     */
    Server require(DatabaseKind kind) {
        Optional<Server> server = find(kind);
        if (server.isPresent()) {
            return server.get();
        }
        String message = noServerMessage(kind, choose(kind).reasons());
        if (settings.isTrue(Settings.CI)) {
            throw new IllegalStateException(message + " Failing instead of skipping because CI=true.");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private synchronized Choice choose(DatabaseKind kind) {
        return choices.computeIfAbsent(kind, this::search);
    }

    private Choice search(DatabaseKind kind) {
        List<ServerSource> tiers;
        try {
            tiers = tiers();
        } catch (IllegalArgumentException e) {
            return new Choice(null, "", e);
        }
        List<String> reasons = new ArrayList<>();
        for (ServerSource source : tiers) {
            Optional<Server> server;
            try {
                server = source.locate(kind, why -> reasons.add(source.tier() + ": " + why));
            } catch (ServerSource.MisconfiguredException e) {
                LOG.error("{} server for integration tests: {}", kind.displayName(), e.getMessage());
                return new Choice(null, String.join("; ", reasons), e);
            } catch (RuntimeException e) {
                reasons.add(source.tier() + ": failed: " + e);
                continue;
            }
            if (server.isPresent()) {
                String forced = settings.get(Settings.SERVERS).map(f -> ", forced by " + Settings.SERVERS + "=" + f).orElse("");
                LOG.info("{} for integration tests: {} (tier '{}'{}{})", kind.displayName(), server.get().description(),
                        source.tier(), forced, reasons.isEmpty() ? "" : "; skipped " + String.join("; ", reasons));
                return new Choice(server.get(), String.join("; ", reasons), null);
            }
        }
        String why = String.join("; ", reasons)
                + settings.get(Settings.SERVERS).map(f -> "; only these tiers tried: " + Settings.SERVERS + "=" + f).orElse("");
        LOG.warn(noServerMessage(kind, why)); // Surefire does not show why a class was skipped: say it here
        return new Choice(null, why, null);
    }

    /** The tiers to try: all in order, or the ones {@code PITSTOP_TEST_SERVERS} names. */
    List<ServerSource> tiers() {
        Optional<String> forced = settings.get(Settings.SERVERS);
        if (forced.isEmpty()) {
            return sources;
        }
        List<ServerSource> chosen = new ArrayList<>();
        for (String name : forced.get().split(",")) {
            String tier = name.trim().toLowerCase(Locale.ROOT);
            ServerSource source = sources.stream().filter(s -> s.tier().equals(tier)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(Settings.SERVERS + "=" + forced.get()
                            + " names an unknown tier '" + tier + "'; use env, local, docker or embedded"));
            chosen.add(source);
        }
        LOG.debug("{}={}: trying only {}", Settings.SERVERS, forced.get(), chosen.stream().map(ServerSource::tier).toList());
        return chosen;
    }

    static String noServerMessage(DatabaseKind kind, String reasons) {
        String url = kind.setting("URL");
        String local = kind == DatabaseKind.POSTGRES
                ? "PostgreSQL on 127.0.0.1:5432 (user postgres, no password)"
                : "MySQL/MariaDB on 127.0.0.1:3306 (user root, empty password)";
        String example = kind == DatabaseKind.POSTGRES
                ? "jdbc:postgresql://host:5432/postgres"
                : "jdbc:mysql://host:3306/";
        return "No " + kind.displayName() + " server for integration tests (" + reasons + "). "
                + "To run these tests, set " + url + " to a JDBC URL of a database on a server where the user may "
                + "create databases (e.g. " + example + "; user and password in " + kind.setting("USER") + " / "
                + kind.setting("PASSWORD") + " or in the URL), or start the local server: " + local + ".";
    }
}
