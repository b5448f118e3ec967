package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class EnumValueChangeTest {

    @Test
    void refusesRenameValue() {
        assertThat(Harness.postgres(EnumValueChange.ID, "CREATE TYPE mood AS ENUM ('happy', 'sad');", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("renames 'sad' to 'blue'");
        });
    }

    @Test
    void refusesRemovedValueOnMysql() {
        assertThat(Harness.mysql(EnumValueChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY status ENUM('new','active') NOT NULL DEFAULT 'new';")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("'gone' is gone");
        });
    }

    @Test
    void refusesReorderOnMysql() {
        assertThat(Harness.mysql(EnumValueChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY status ENUM('gone','new','active') NOT NULL DEFAULT 'new';")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("reordered");
        });
    }

    @Test
    void leavesAddedValueAlone() {
        assertThat(Harness.mysql(EnumValueChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY status ENUM('new','active','gone','banned') NOT NULL DEFAULT 'new';")).isEmpty();
    }
}
