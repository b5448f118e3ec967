package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.MigrateResult;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several application instances starting at the same moment: the migration lock lets one apply, the
 * others wait and then find nothing to do; every version is recorded once.
 */
@WithDatabases
class ConcurrentMigrateIT {
    private static final int RUNNERS = 3;
    private static final int FILES = 12;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runnersStartedTogetherApplyEachVersionOnce(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir)
            throws Exception {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        for (int i = 1; i <= FILES; i++) {
            files.write("V" + i + "__table_" + i + ".sql", "CREATE TABLE t" + i + " (id INT PRIMARY KEY, v VARCHAR(20));\n"
                    + "CREATE INDEX t" + i + "_v_idx ON t" + i + " (v);\n"
                    + "ALTER TABLE t" + i + " ADD COLUMN w INT DEFAULT 1;\n");
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RUNNERS);
        try {
            List<Future<MigrateResult>> runs = new ArrayList<>();
            for (int r = 0; r < RUNNERS; r++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return files.pitstop(db).migrate();
                }));
            }
            start.countDown();
            int applied = 0;
            int upToDate = 0;
            for (Future<MigrateResult> run : runs) {
                MigrateResult result = run.get(120, TimeUnit.SECONDS);
                applied += result.applied().size();
                upToDate += result.upToDate() ? 1 : 0;
            }
            assertThat(applied).as("each version applied by exactly one runner").isEqualTo(FILES);
            assertThat(upToDate).as("runners that waited and found nothing to do").isEqualTo(RUNNERS - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM pitstop_history")).isEqualTo(FILES);
        assertThat(Schema.count(db, "SELECT COUNT(DISTINCT version) FROM pitstop_history WHERE state = 'COMPLETED'"))
                .isEqualTo(FILES);
        assertThat(Schema.count(db, "SELECT COUNT(*) FROM pitstop_steps")).isEqualTo(FILES * 3);
    }
}
