package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.spi.ParserFlavor;
import org.junit.jupiter.api.Test;

class NotNullOnNullsTest {
    private static final FakeLiveData AGE_NULL_TWICE = new FakeLiveData().nulls("age", 2);

    @Test
    void refusesSetNotNullOnAColumnHoldingNullsNamingTheCount() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, AGE_NULL_TWICE, NotNullOnNulls.ID, Harness.PG_USERS,
                "ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;\nALTER TABLE users ALTER COLUMN age SET NOT NULL;"))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
                    assertThat(f.why()).contains("NULL in 2 row(s)");
                });
    }

    @Test
    void refusesModifyNotNullOnMysqlAndSaysAtLeastAtTheLimit() {
        FakeLiveData live = new FakeLiveData().nulls("age", LiveData.NULLS_COUNTED);
        assertThat(Harness.connected(ParserFlavor.MYSQL, live, NotNullOnNulls.ID, Harness.MY_USERS,
                "ALTER TABLE users MODIFY age int NOT NULL DEFAULT 0;")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("at least " + LiveData.NULLS_COUNTED));
    }

    @Test
    void acceptsWhenTheColumnHoldsNoNulls() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData(), NotNullOnNulls.ID, Harness.PG_USERS,
                "ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;\nALTER TABLE users ALTER COLUMN age SET NOT NULL;")).isEmpty();
    }

    @Test
    void acceptsWhenAnEarlierPendingUpdateFillsTheNulls() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, AGE_NULL_TWICE, NotNullOnNulls.ID, Harness.PG_USERS,
                "ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;\nUPDATE users SET age = 0 WHERE age IS NULL;\n"
                        + "ALTER TABLE users ALTER COLUMN age SET NOT NULL;")).isEmpty();
    }

    @Test
    void refusesWhenTheServerCannotCountSayingWhy() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData().unreadable("canceling statement due to "
                + "statement timeout"), NotNullOnNulls.ID, Harness.PG_USERS, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"))
                .singleElement().satisfies(f -> {
                    assertThat(f.why()).contains("statement timeout", "users.email");
                    assertThat(f.rewrite()).contains("pitstop:allow not-null-on-nulls");
                });
    }
}
