package dev.pitstop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Tier order, forcing, caching and the skip-or-fail decision, with fake tiers and no database. */
class ServerRegistryTest {

    /** A tier that never has a server and records each call. */
    private static final class FakeSource implements ServerSource {
        private final String tier;
        private final RuntimeException failure;
        final List<DatabaseKind> calls = new ArrayList<>();

        FakeSource(String tier, RuntimeException failure) {
            this.tier = tier;
            this.failure = failure;
        }

        @Override
        public String tier() {
            return tier;
        }

        @Override
        public Optional<Server> locate(DatabaseKind kind, Consumer<String> whyNot) {
            calls.add(kind);
            if (failure != null) {
                throw failure;
            }
            whyNot.accept(tier + " has no " + kind.displayName());
            return Optional.empty();
        }
    }

    private final FakeSource env = new FakeSource("env", null);
    private final FakeSource local = new FakeSource("local", null);
    private final FakeSource docker = new FakeSource("docker", new RuntimeException("docker exploded"));
    private final FakeSource embedded = new FakeSource("embedded", null);

    private ServerRegistry registry(Map<String, String> settings) {
        return new ServerRegistry(Settings.of(settings), List.of(env, local, docker, embedded));
    }

    @Test
    void triesEveryTierInOrderOnceAndSkipsWithHelp() {
        ServerRegistry registry = registry(Map.of());

        assertThatThrownBy(() -> registry.require(DatabaseKind.POSTGRES))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("env: env has no PostgreSQL; local: local has no PostgreSQL; "
                        + "docker: failed: java.lang.RuntimeException: docker exploded; embedded: embedded has no PostgreSQL")
                .hasMessageContaining("set PITSTOP_TEST_POSTGRES_URL")
                .hasMessageContaining("start the local server");
        assertThatThrownBy(() -> registry.require(DatabaseKind.POSTGRES)).isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> registry.require(DatabaseKind.MYSQL))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PITSTOP_TEST_MYSQL_URL");

        for (FakeSource source : List.of(env, local, docker, embedded)) {
            assertThat(source.calls).containsExactly(DatabaseKind.POSTGRES, DatabaseKind.MYSQL);
        }
    }

    @Test
    void failsInsteadOfSkippingOnCi() {
        ServerRegistry registry = registry(Map.of("CI", "true"));

        assertThatThrownBy(() -> registry.require(DatabaseKind.MYSQL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No MySQL server")
                .hasMessageContaining("CI=true");
    }

    @Test
    void forcedTierIsTheOnlyOneTried() {
        ServerRegistry registry = registry(Map.of(Settings.SERVERS, "Embedded"));

        assertThat(registry.find(DatabaseKind.POSTGRES)).isEmpty();

        assertThat(embedded.calls).containsExactly(DatabaseKind.POSTGRES);
        assertThat(env.calls).isEmpty();
        assertThat(local.calls).isEmpty();
        assertThat(docker.calls).isEmpty();
    }

    @Test
    void forcedTiersMayBeAList() {
        assertThat(registry(Map.of(Settings.SERVERS, "local, env")).tiers()).containsExactly(local, env);
    }

    @Test
    void unknownForcedTierIsAnError() {
        ServerRegistry registry = registry(Map.of(Settings.SERVERS, "cloud"));

        assertThatThrownBy(() -> registry.require(DatabaseKind.POSTGRES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown tier 'cloud'");
    }

    @Test
    void misconfiguredTierStopsTheSearch() {
        FakeSource broken = new FakeSource("env",
                new ServerSource.MisconfiguredException("PITSTOP_TEST_POSTGRES_URL=... is set but connecting failed", null));
        ServerRegistry registry = new ServerRegistry(Settings.of(Map.of()), List.of(broken, local));

        assertThatThrownBy(() -> registry.require(DatabaseKind.POSTGRES))
                .isInstanceOf(ServerSource.MisconfiguredException.class)
                .hasMessageContaining("connecting failed");
        assertThat(local.calls).isEmpty();
    }

    @Test
    void envTierWithoutUrlSaysSo() {
        List<String> reasons = new ArrayList<>();
        Optional<Server> server = new EnvServerSource(Settings.of(Map.of())).locate(DatabaseKind.MYSQL, reasons::add);

        assertThat(server).isEmpty();
        assertThat(reasons).containsExactly("PITSTOP_TEST_MYSQL_URL not set");
    }

    @Test
    void envTierRejectsAForeignUrlWithoutLeakingThePassword() {
        Map<String, String> settings = new HashMap<>();
        settings.put("PITSTOP_TEST_MYSQL_URL", "jdbc:mariadb://h:3306/db?password=hunter2");

        assertThatThrownBy(() -> new EnvServerSource(Settings.of(settings)).locate(DatabaseKind.MYSQL, why -> { }))
                .isInstanceOf(ServerSource.MisconfiguredException.class)
                .hasMessageContaining("jdbc:mysql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void envTierThatCannotConnectIsAnErrorWithoutThePassword() {
        Map<String, String> settings = Map.of(
                "PITSTOP_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=1",
                "PITSTOP_TEST_POSTGRES_PASSWORD", "hunter2");

        assertThatThrownBy(() -> new EnvServerSource(Settings.of(settings)).locate(DatabaseKind.POSTGRES, why -> { }))
                .isInstanceOf(ServerSource.MisconfiguredException.class)
                .hasMessageContaining("PITSTOP_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:1/postgres")
                .hasMessageNotContaining("hunter2");
    }
}
