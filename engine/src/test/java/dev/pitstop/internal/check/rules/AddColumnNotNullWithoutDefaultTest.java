package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class AddColumnNotNullWithoutDefaultTest {

    @Test
    void refusesNotNullWithoutDefault() {
        assertThat(Harness.postgres(AddColumnNotNullWithoutDefault.ID, Harness.PG_USERS, "ALTER TABLE users ADD COLUMN tier int NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("INSERTs into users leave out");
        });
    }

    @Test
    void leavesNotNullWithDefaultAlone() {
        assertThat(Harness.mysql(AddColumnNotNullWithoutDefault.ID, Harness.MY_USERS, "ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 0;")).isEmpty();
    }

    @Test
    void leavesTableCreatedInTheSameMigrationAlone() {
        assertThat(Harness.postgres(AddColumnNotNullWithoutDefault.ID, Harness.PG_USERS, "CREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN c int NOT NULL;")).isEmpty();
    }
}
