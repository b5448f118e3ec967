package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class PrimaryKeyChangeTest {

    @Test
    void refusesDropPrimaryKeyOnMysql() {
        assertThat(Harness.mysql(PrimaryKeyChange.ID, Harness.MY_USERS, "ALTER TABLE users DROP PRIMARY KEY;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("dropped and none replaces it");
        });
    }

    @Test
    void refusesDropOfThePrimaryKeyConstraint() {
        assertThat(Harness.postgres(PrimaryKeyChange.ID, Harness.PG_USERS, "ALTER TABLE users DROP CONSTRAINT users_pkey;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("primary key (id)");
        });
    }

    @Test
    void refusesKeyChangeWithoutSharedKey() {
        assertThat(Harness.mysql(PrimaryKeyChange.ID, Harness.MY_USERS, "ALTER TABLE users DROP PRIMARY KEY, ADD PRIMARY KEY (id, name);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("no unique key stays in common");
        });
    }

    @Test
    void acceptsPostgresKeySwapThatKeepsTheOldKeyUnique() {
        assertThat(Harness.postgres(PrimaryKeyChange.ID, Harness.PG_USERS, "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD PRIMARY KEY (id, name);")).isEmpty();
    }
}
