package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class UnplannedStatementTest {

    @Test
    void refusesStatementThePlannerDoesNotPlan() {
        assertThat(Harness.postgres(UnplannedStatement.ID, Harness.PG_USERS, "CREATE VIEW v AS SELECT id FROM users;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("no online plan for CREATE VIEW");
        });
    }

    @Test
    void refusesStatementThatDoesNotParse() {
        assertThat(Harness.postgres(UnplannedStatement.ID, Harness.PG_USERS, "LOCK TABLE users IN ACCESS EXCLUSIVE MODE;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("JSqlParser cannot analyse it");
        });
    }

    @Test
    void staysQuietWhenAnotherRuleExplainsTheStatement() {
        assertThat(Harness.postgres(UnplannedStatement.ID, Harness.PG_USERS, "TRUNCATE users;")).isEmpty();
    }
}
