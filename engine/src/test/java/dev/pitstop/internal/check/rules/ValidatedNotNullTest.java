package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class ValidatedNotNullTest {

    @Test
    void reportsValidatedCheck() {
        assertThat(Harness.postgres(ValidatedNotNull.ID, "CREATE TABLE users (id bigint PRIMARY KEY, status text DEFAULT 'x');", "ALTER TABLE users ALTER COLUMN status SET NOT NULL;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("NOT VALID");
        });
    }
}
