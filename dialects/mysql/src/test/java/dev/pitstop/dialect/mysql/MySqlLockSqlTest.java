package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.LockSql;
import dev.pitstop.spi.Sql;
import org.junit.jupiter.api.Test;

class MySqlLockSqlTest {

    private final LockSql lock = new MySqlDialect(Flavour.of("8.4.3")).lock();

    @Test
    void tryAcquireDoesNotWaitAndReleaseNamesTheSameLock() {
        Sql acquire = lock.tryAcquire("pitstop:shop");
        Sql release = lock.release("pitstop:shop");

        assertThat(acquire.text()).isEqualTo("SELECT GET_LOCK(?, 0)");
        assertThat(acquire.args()).containsExactly("pitstop:shop");
        assertThat(release.text()).isEqualTo("SELECT RELEASE_LOCK(?)");
        assertThat(release.args()).containsExactly("pitstop:shop");
    }

    @Test
    void holdersAreLookedUpByTheLockName() {
        Sql holders = lock.holders("pitstop:shop");

        assertThat(holders.text()).contains("information_schema.processlist").contains("IS_USED_LOCK(?)");
        assertThat(holders.args()).containsExactly("pitstop:shop");
    }

    @Test
    void aNameOf64CharactersIsKept() {
        String name = "p".repeat(64);

        assertThat(lock.tryAcquire(name).args()).containsExactly(name);
    }

    @Test
    void aNameOver64CharactersIsCutTo64EverywhereItIsUsed() {
        String name = "pitstop:" + "a_very_long_database_name_".repeat(4);
        String cut = name.substring(0, 64);

        assertThat(name).hasSizeGreaterThan(64);
        assertThat(lock.tryAcquire(name).args()).containsExactly(cut);
        assertThat(lock.release(name).args()).containsExactly(cut);
        assertThat(lock.holders(name).args()).containsExactly(cut);
    }
}
