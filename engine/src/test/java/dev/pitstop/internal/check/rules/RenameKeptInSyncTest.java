package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class RenameKeptInSyncTest {

    @Test
    void reportsRenameColumn() {
        assertThat(Harness.postgres(RenameKeptInSync.ID, Harness.PG_USERS, "ALTER TABLE users RENAME COLUMN name TO full_name;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("triggers");
        });
    }

    @Test
    void reportsRenameTable() {
        assertThat(Harness.mysql(RenameKeptInSync.ID, Harness.MY_USERS, "RENAME TABLE users TO members;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("updatable view");
        });
    }
}
