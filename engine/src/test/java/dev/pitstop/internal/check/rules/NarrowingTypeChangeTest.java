package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class NarrowingTypeChangeTest {

    @Test
    void refusesVarcharShrink() {
        assertThat(Harness.postgres(NarrowingTypeChange.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN name TYPE varchar(20);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("varchar(20) is shorter than varchar(100)");
        });
    }

    @Test
    void refusesBigintToIntOnMysql() {
        assertThat(Harness.mysql(NarrowingTypeChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY id int NOT NULL AUTO_INCREMENT;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("smaller range");
        });
    }

    @Test
    void leavesTableCreatedInTheSameMigrationAlone() {
        assertThat(Harness.postgres(NarrowingTypeChange.ID, Harness.PG_USERS, "CREATE TABLE t (id bigint PRIMARY KEY, c varchar(50));\nALTER TABLE t ALTER COLUMN c TYPE varchar(10);")).isEmpty();
    }
}
