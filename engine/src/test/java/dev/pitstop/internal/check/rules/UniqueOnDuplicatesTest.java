package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.internal.check.LiveData.Duplicate;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniqueOnDuplicatesTest {
    private static final FakeLiveData EMAIL_TWICE = new FakeLiveData()
            .duplicates("email", new Duplicate(List.of("a@x.org"), 2));

    @Test
    void refusesUniqueIndexOnColumnsThatHoldDuplicatesNamingThem() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, EMAIL_TWICE, UniqueOnDuplicates.ID, Harness.PG_USERS,
                "CREATE UNIQUE INDEX users_email ON users (email);")).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
                    assertThat(f.why()).contains("'a@x.org' in 2 rows");
                });
    }

    @Test
    void refusesAddUniqueConstraintOnMysql() {
        FakeLiveData live = new FakeLiveData().duplicates("name,age", new Duplicate(List.of("ann", "30"), 3));
        assertThat(Harness.connected(ParserFlavor.MYSQL, live, UniqueOnDuplicates.ID, Harness.MY_USERS,
                "ALTER TABLE users ADD CONSTRAINT users_name_age UNIQUE (name, age);")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("('ann', '30') in 3 rows"));
    }

    @Test
    void acceptsWhenTheColumnsHoldNoDuplicates() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData(), UniqueOnDuplicates.ID, Harness.PG_USERS,
                "CREATE UNIQUE INDEX users_email ON users (email);")).isEmpty();
    }

    @Test
    void skipsAPlainIndex() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, EMAIL_TWICE, UniqueOnDuplicates.ID, Harness.PG_USERS,
                "CREATE INDEX users_email ON users (email);")).isEmpty();
    }

    @Test
    void skipsATableAnEarlierPendingStatementCreates() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, EMAIL_TWICE, UniqueOnDuplicates.ID, "SELECT 1;",
                Harness.PG_USERS + "\nCREATE UNIQUE INDEX users_email ON users (email);")).isEmpty();
    }

    @Test
    void skipsATableAnEarlierPendingStatementDeletesFrom() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, EMAIL_TWICE, UniqueOnDuplicates.ID, Harness.PG_USERS,
                "DELETE FROM users WHERE id > 100;\nCREATE UNIQUE INDEX users_email ON users (email);")).isEmpty();
    }

    @Test
    void saysNothingOffline() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, LiveData.NONE, UniqueOnDuplicates.ID, Harness.PG_USERS,
                "CREATE UNIQUE INDEX users_email ON users (email);")).isEmpty();
    }

    @Test
    void refusesModifyUniqueOnAColumnThatHoldsDuplicates() {
        FakeLiveData live = new FakeLiveData().duplicates("name", new Duplicate(List.of("ann"), 2));
        assertThat(Harness.connected(ParserFlavor.MYSQL, live, UniqueOnDuplicates.ID, Harness.MY_USERS,
                "ALTER TABLE users MODIFY name varchar(100) NOT NULL UNIQUE;")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("'ann' in 2 rows"));
    }

    @Test
    void refusesAnAddedUniqueColumnWithAConstantDefaultOnATableOfSeveralRows() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData().rows(5), UniqueOnDuplicates.ID,
                Harness.PG_USERS, "ALTER TABLE users ADD COLUMN code text UNIQUE DEFAULT 'x';")).singleElement()
                .satisfies(f -> assertThat(f.why()).contains("every existing row of users gets code = 'x'"));
    }

    @Test
    void acceptsAnAddedUniqueColumnOnATableOfOneRowOrWithoutADefault() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData().rows(1), UniqueOnDuplicates.ID,
                Harness.PG_USERS, "ALTER TABLE users ADD COLUMN code text UNIQUE DEFAULT 'x';")).isEmpty();
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData().rows(5), UniqueOnDuplicates.ID,
                Harness.PG_USERS, "ALTER TABLE users ADD COLUMN code text UNIQUE;")).isEmpty();
    }

    @Test
    void refusesWhenTheServerCannotAnswerSayingWhy() {
        assertThat(Harness.connected(ParserFlavor.POSTGRES, new FakeLiveData().unreadable("permission denied for table users"),
                UniqueOnDuplicates.ID, Harness.PG_USERS, "CREATE UNIQUE INDEX users_email ON users (email);"))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
                    assertThat(f.why()).contains("permission denied for table users", "cannot tell");
                    assertThat(f.rewrite()).contains("pitstop:allow unique-on-duplicates");
                });
    }
}
