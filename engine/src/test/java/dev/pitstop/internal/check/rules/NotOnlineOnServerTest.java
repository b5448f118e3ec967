package dev.pitstop.internal.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.CheckFinding;
import dev.pitstop.internal.check.LiveData;
import dev.pitstop.spi.ParserFlavor;
import org.junit.jupiter.api.Test;

class NotOnlineOnServerTest {
    private static final FakeLiveData NO_FOREIGN_KEY_ONLINE = new FakeLiveData()
            .onlineRefusal("MySQL 8.4 adds a foreign key in place only with foreign_key_checks=0");

    @Test
    void refusesWhatTheDialectCannotRunOnlineOnTheServerNamingIt() {
        assertThat(Harness.connected(ParserFlavor.MYSQL, NO_FOREIGN_KEY_ONLINE, NotOnlineOnServer.ID, Harness.MY_USERS,
                "ALTER TABLE users ADD CONSTRAINT users_boss FOREIGN KEY (age) REFERENCES users (id);"))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.REFUSED);
                    assertThat(f.why()).contains("on MariaDB 10.11", "foreign_key_checks=0");
                    assertThat(f.line()).isEqualTo(1);
                });
    }

    @Test
    void asksOnlyForTablesThatNoEarlierPendingStatementChanges() {
        assertThat(Harness.connected(ParserFlavor.MYSQL, NO_FOREIGN_KEY_ONLINE, NotOnlineOnServer.ID, Harness.MY_USERS,
                "ALTER TABLE users ADD COLUMN boss bigint;\n"
                + "ALTER TABLE users ADD CONSTRAINT users_boss FOREIGN KEY (boss) REFERENCES users (id);"))
                .singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(1));
    }

    @Test
    void neverAsksForATableTheMigrationCreates() {
        assertThat(Harness.connected(ParserFlavor.MYSQL, NO_FOREIGN_KEY_ONLINE, NotOnlineOnServer.ID, "SELECT 1;",
                "CREATE TABLE teams (id bigint PRIMARY KEY);")).isEmpty();
    }

    @Test
    void saysNothingOffline() {
        assertThat(Harness.connected(ParserFlavor.MYSQL, LiveData.NONE, NotOnlineOnServer.ID, Harness.MY_USERS,
                "ALTER TABLE users ADD CONSTRAINT users_boss FOREIGN KEY (age) REFERENCES users (id);")).isEmpty();
    }
}
