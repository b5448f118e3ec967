package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class OnlinePrimaryKeyTest {

    @Test
    void reportsKeySwap() {
        assertThat(Harness.postgres(OnlinePrimaryKey.ID, Harness.PG_USERS, "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD PRIMARY KEY (id, name);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("keeps a unique index until contract");
        });
    }
}
