package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class OnlineTypeChangeTest {

    @Test
    void reportsMetadataOnlyChange() {
        assertThat(Harness.postgres(OnlineTypeChange.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN name TYPE varchar(200);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("metadata-only");
        });
    }

    @Test
    void reportsRebuild() {
        assertThat(Harness.postgres(OnlineTypeChange.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN age TYPE bigint;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("online table rebuild");
        });
    }

    @Test
    void reportsMysqlModifyAsRebuild() {
        assertThat(Harness.mysql(OnlineTypeChange.ID, Harness.MY_USERS, "ALTER TABLE users MODIFY age bigint;")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("online table rebuild");
        });
    }
}
