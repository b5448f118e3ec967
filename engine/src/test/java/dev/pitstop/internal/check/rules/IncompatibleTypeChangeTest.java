package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class IncompatibleTypeChangeTest {

    @Test
    void refusesTextToInteger() {
        assertThat(Harness.postgres(IncompatibleTypeChange.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN email TYPE integer USING email::integer;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("ADD COLUMN email_new");
        });
    }

    @Test
    void refusesVarcharToIntOnMysql() {
        assertThat(Harness.mysql(IncompatibleTypeChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY name int NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("different kinds of values");
        });
    }

    @Test
    void leavesWideningAlone() {
        assertThat(Harness.postgres(IncompatibleTypeChange.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN age TYPE bigint;")).isEmpty();
    }
}
