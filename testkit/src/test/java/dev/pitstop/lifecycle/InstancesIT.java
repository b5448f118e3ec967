package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.PitstopInstance;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The instance registry: an application instance registers the newest migration version it bundles and
 * heartbeats; {@code contract} refuses while a live instance bundles an older version than the migration
 * it would contract, names it, and goes ahead once the instance stops, goes silent, or with force.
 */
@WithDatabases
class InstancesIT {

    /** V1 creates the table; V2 rebuilds it, so V2 stays EXPANDED until contract drops the old copy. */
    private static Versions versions(DatabaseKind kind, Path root) throws Exception {
        MigrationFiles old = new MigrationFiles(Files.createDirectories(root.resolve("old")));
        MigrationFiles current = new MigrationFiles(Files.createDirectories(root.resolve("new")));
        String create = "CREATE TABLE orders (id BIGINT PRIMARY KEY, qty INT NOT NULL);\n";
        String widen = kind == DatabaseKind.POSTGRES ? "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n"
                : "ALTER TABLE orders MODIFY qty BIGINT NOT NULL;\n";
        old.write("V1__create_orders.sql", create);
        current.write("V1__create_orders.sql", create);
        current.write("V2__widen_qty.sql", widen);
        return new Versions(old, current);
    }

    private record Versions(MigrationFiles old, MigrationFiles current) {
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void contractWaitsForALiveInstanceOfTheOlderVersionNamesItAndGoesOnOnceItStops(DatabaseKind kind, TestDatabases dbs,
                                                                                 @TempDir Path root) throws Exception {
        TestDatabase db = dbs.fresh(kind);
        Versions v = versions(kind, root);
        Pitstop oldApp = v.old().pitstop(db);
        oldApp.migrate();
        Pitstop newApp = v.current().configure(db).heartbeatInterval(Duration.ofMillis(500))
                .instanceTimeout(Duration.ofSeconds(5)).load();
        try (PitstopInstance oldInstance = oldApp.register()) {
            assertThat(oldInstance.bundledVersion()).isEqualTo("1");
            assertThat(newApp.migrate().applied()).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
            try (PitstopInstance newInstance = newApp.register()) {
                assertThat(newInstance.bundledVersion()).isEqualTo("2");
                assertThatThrownBy(newApp::contract).isInstanceOfSatisfying(PitstopException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("1 live application instance(s)", oldInstance.id(), "bundles V1",
                            "pid " + ProcessHandle.current().pid(), "--force", "Nothing was changed")
                            .doesNotContain(newInstance.id());
                });
                assertThat(newApp.status().migrations()).filteredOn(m -> m.version().equals("2"))
                        .singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
                oldInstance.close();
                assertThat(newApp.contract().contracted()).singleElement()
                        .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
            }
        }
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM pitstop_instances")).as("both deregistered").isZero();
    }

    /** Three instances start at once on a pending migration: one migrates, the others wait for it, all serve. */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void threeInstancesStartingAtOnceMigrateOnceAndAllServe(DatabaseKind kind, TestDatabases dbs, @TempDir Path root)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        Versions v = versions(kind, root);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.List<java.util.concurrent.Future<dev.pitstop.MigrateResult>> runs = new java.util.ArrayList<>();
        java.util.List<PitstopInstance> serving = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try {
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> {
                    // each instance has its own Pitstop (and connections), as separate processes would
                    Pitstop app = v.current().configure(db).load();
                    start.await();
                    dev.pitstop.MigrateResult result = app.migrate();
                    serving.add(app.register());
                    return result;
                }));
            }
            int migrated = 0;
            for (java.util.concurrent.Future<dev.pitstop.MigrateResult> run : runs) {
                migrated += run.get(120, java.util.concurrent.TimeUnit.SECONDS).applied().size();
            }
            assertThat(migrated).as("migrations applied, over all three").isEqualTo(2);
            assertThat(runs.stream().filter(r -> {
                try {
                    return !r.get().applied().isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).count()).as("instances that migrated").isOne();
            assertThat(serving).hasSize(3);
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM pitstop_history")).isEqualTo(2);
            assertThat(Schema.count(db, "SELECT COUNT(*) FROM pitstop_instances")).isEqualTo(3);
        } finally {
            serving.forEach(PitstopInstance::close);
            pool.shutdownNow();
        }
    }

    @Test
    void anInstanceSilentForLongerThanTheTimeoutCountsAsGoneAndForceGoesAheadWithAWarning(TestDatabases dbs,
                                                                                       @TempDir Path root) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        Versions v = versions(DatabaseKind.POSTGRES, root);
        Pitstop oldApp = v.old().configure(db).heartbeatInterval(Duration.ofHours(1)).instanceTimeout(Duration.ofHours(2))
                .load();
        oldApp.migrate();
        Pitstop newApp = v.current().configure(db).heartbeatInterval(Duration.ofMillis(500))
                .instanceTimeout(Duration.ofSeconds(2)).load();
        newApp.migrate();
        // registered once, then no heartbeat within the new version's timeout: as if its process had died
        PitstopInstance silent = oldApp.register();
        assertThatThrownBy(newApp::contract).isInstanceOf(PitstopException.class)
                .hasMessageContaining(silent.id());
        Thread.sleep(2_500);
        assertThat(newApp.contract().contracted()).hasSize(1);
        silent.close();

        // force: a live instance of an older version is warned about, and contract goes ahead
        v.current().write("V3__widen_again.sql", "ALTER TABLE orders ALTER COLUMN qty TYPE numeric(20);\n");
        newApp.migrate();
        try (PitstopInstance live = v.old().configure(db).heartbeatInterval(Duration.ofMillis(200))
                .instanceTimeout(Duration.ofSeconds(2)).load().register()) {
            assertThatThrownBy(newApp::contract).isInstanceOf(PitstopException.class).hasMessageContaining(live.id());
            assertThat(newApp.contract(true).contracted()).singleElement()
                    .satisfies(m -> assertThat(m.version()).isEqualTo("3"));
        }
    }
}
