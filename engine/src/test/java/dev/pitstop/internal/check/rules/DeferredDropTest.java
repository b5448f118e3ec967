package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class DeferredDropTest {

    @Test
    void reportsDropColumnWaitsForContract() {
        assertThat(Harness.postgres(DeferredDrop.ID, Harness.PG_USERS, "ALTER TABLE users DROP COLUMN age;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("waits for contract");
        });
    }

    @Test
    void reportsDropTableWaitsForContract() {
        assertThat(Harness.mysql(DeferredDrop.ID, Harness.MY_USERS, "DROP TABLE users;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("DROP TABLE users waits");
        });
    }
}
