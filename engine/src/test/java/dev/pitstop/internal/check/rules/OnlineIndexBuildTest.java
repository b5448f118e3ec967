package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import org.junit.jupiter.api.Test;

class OnlineIndexBuildTest {

    @Test
    void reportsConcurrentIndex() {
        assertThat(Harness.postgres(OnlineIndexBuild.ID, Harness.PG_USERS, "CREATE UNIQUE INDEX users_email ON users (email);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("CREATE UNIQUE INDEX CONCURRENTLY");
        });
    }

    @Test
    void reportsInplaceIndexOnMysql() {
        assertThat(Harness.mysql(OnlineIndexBuild.ID, Harness.MY_USERS, "CREATE INDEX users_name ON users (name);")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.INFO);
            assertThat(f.why() + " " + f.rewrite()).contains("ALGORITHM=INPLACE, LOCK=NONE");
        });
    }
}
