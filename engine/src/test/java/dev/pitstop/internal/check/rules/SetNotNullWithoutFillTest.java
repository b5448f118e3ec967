package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class SetNotNullWithoutFillTest {

    @Test
    void refusesSetNotNullWithoutDefault() {
        assertThat(Harness.postgres(SetNotNullWithoutFill.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN status SET NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("SET DEFAULT");
        });
    }

    @Test
    void acceptsSetNotNullAfterSetDefault() {
        assertThat(Harness.postgres(SetNotNullWithoutFill.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'x';\nALTER TABLE users ALTER COLUMN status SET NOT NULL;")).isEmpty();
    }

    @Test
    void refusesModifyNotNullWithoutDefaultOnMysql() {
        assertThat(Harness.mysql(SetNotNullWithoutFill.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY age int NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("MODIFY age int NOT NULL DEFAULT");
        });
    }

    @Test
    void refusesModifyThatDropsTheDefaultOfANotNullColumn() {
        assertThat(Harness.mysql(SetNotNullWithoutFill.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY status ENUM('new','active','gone') NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("loses its DEFAULT");
        });
    }
}
