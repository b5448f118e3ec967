package dev.pitstop.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sample application starts, migrates from its classpath, serves, and starts again without migrating. */
@WithDatabases
class ShopApplicationIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void startsTwiceMigratingOnlyTheFirstTime(DatabaseKind kind, TestDatabases dbs) throws Exception {
        TestDatabase db = dbs.fresh(kind);

        assertThat(ShopApplication.start(db.dataSource())).isZero();
        assertThat(ShopApplication.start(db.dataSource())).isZero();

        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history WHERE state = 'COMPLETED'", Number.class)
                .intValue()).isEqualTo(3);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM products", Number.class).intValue()).isZero();
    }
}
