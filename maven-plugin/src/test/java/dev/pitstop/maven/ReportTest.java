package dev.pitstop.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.AppliedMigration;
import dev.pitstop.BaselineResult;
import dev.pitstop.ContractResult;
import dev.pitstop.MigrateResult;
import dev.pitstop.MigrationInfo;
import dev.pitstop.MigrationState;
import dev.pitstop.Phase;
import dev.pitstop.PlanResult;
import dev.pitstop.PlannedAction;
import dev.pitstop.PlannedMigration;
import dev.pitstop.PlannedStep;
import dev.pitstop.StatusResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void planListsEveryStepWithItsPhaseAndSql() {
        PlanResult plan = new PlanResult("PostgreSQL 15.19, schema public", List.of(new PlannedMigration("2",
                "index customers email", "V2__index_customers_email.sql", List.of(new PlannedStep(1, "create-index",
                        "V2__index_customers_email.sql:3", "CREATE INDEX idx_customers_email\n  ON customers (email)",
                        List.of(new PlannedAction(Phase.EXPAND, "build the index online",
                                "CREATE INDEX CONCURRENTLY idx_customers_email ON customers (email)")))))));

        List<String> lines = Report.plan(plan);

        assertThat(lines).contains("Database: PostgreSQL 15.19, schema public", "1 pending migration(s):",
                "V2 index customers email (V2__index_customers_email.sql), 1 step(s)",
                "  step 1 [create-index] at V2__index_customers_email.sql:3: CREATE INDEX idx_customers_email ON customers (email)",
                "    EXPAND: build the index online",
                "      CREATE INDEX CONCURRENTLY idx_customers_email ON customers (email)");
    }

    @Test
    void planOfAnUpToDateDatabaseSaysSo() {
        assertThat(Report.plan(new PlanResult("MariaDB 11.4, database app", List.of())))
                .contains("Nothing to migrate: the database is up to date.");
    }

    @Test
    void migrateListsWhatMoved() {
        List<String> lines = Report.migrate(new MigrateResult("db", List.of(
                new AppliedMigration("1", "create customers", MigrationState.COMPLETED, 1, Duration.ofMillis(42)))));
        assertThat(lines).contains("V1 create customers: COMPLETED (1 step(s), 42 ms)", "Migrated 1 migration(s).");
        assertThat(Report.migrate(new MigrateResult("db", List.of())))
                .contains("Nothing to migrate: the database is up to date.");
    }

    @Test
    void statusIsAnAlignedTable() {
        Instant start = Instant.parse("2026-01-02T03:04:05Z");
        StatusResult status = new StatusResult("db", List.of(
                new MigrationInfo("1", "create customers", "V1__create_customers.sql", Phase.CONTRACT,
                        MigrationState.COMPLETED, start, start.plusSeconds(1), null, true),
                new MigrationInfo("10", "add phone", "V10__add_phone.sql", null, MigrationState.PENDING, null, null,
                        null, true),
                new MigrationInfo("11", "gone", "V11__gone.sql", Phase.EXPAND, MigrationState.FAILED, start, null,
                        "V11__gone.sql:1: boom", false)));

        List<String> lines = Report.status(status);

        assertThat(lines).contains(
                "| Version | Description         | Phase    | State     | Started              | Finished             |",
                "| 1       | create customers    | CONTRACT | COMPLETED | 2026-01-02 03:04:05Z | 2026-01-02 03:04:06Z |",
                "| 10      | add phone           |          | PENDING   |                      |                      |",
                "| 11      | gone (file missing) | EXPAND   | FAILED    | 2026-01-02 03:04:05Z |                      |",
                "V11 error: V11__gone.sql:1: boom",
                "3 migration(s), 2 not applied.");
        assertThat(lines.stream().filter(l -> l.startsWith("|") || l.startsWith("+")).map(String::length).distinct())
                .hasSize(1);
    }

    @Test
    void baselineAndContract() {
        assertThat(Report.baseline(new BaselineResult("db", "2")))
                .contains("Baselined at version 2: migrations up to V2 are treated as applied.");
        assertThat(Report.contract(new ContractResult("db", List.of())))
                .contains("Nothing to contract: no migration waits for its contract phase.");
    }
}
