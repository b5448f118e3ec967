package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class TruncateTest {

    @Test
    void refusesTruncateWithChunkedDeleteAsRewrite() {
        assertThat(Harness.postgres(Truncate.ID, Harness.PG_USERS, "TRUNCATE users;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
            assertThat(f.why() + " " + f.rewrite()).contains("DELETE FROM users");
        });
    }

    @Test
    void leavesDeleteAlone() {
        assertThat(Harness.postgres(Truncate.ID, Harness.PG_USERS, "DELETE FROM users WHERE age < 0;")).isEmpty();
    }
}
