package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class DropSchemaTest {

    @Test
    void refusesDropSchema() {
        assertThat(Harness.postgres(DropSchema.ID, Harness.PG_USERS, "DROP SCHEMA app CASCADE;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("removes every table");
        });
    }

    @Test
    void refusesDropDatabaseOnMysql() {
        assertThat(Harness.mysql(DropSchema.ID, Harness.MY_USERS, "DROP DATABASE app;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("DROP DATABASE app");
        });
    }

    @Test
    void leavesDropTableAlone() {
        assertThat(Harness.postgres(DropSchema.ID, Harness.PG_USERS, "DROP TABLE users;")).isEmpty();
    }
}
