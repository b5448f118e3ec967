package dev.pitstop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second class with its own databases: they are empty although {@link DatabasesExtensionIT} creates
 * tables in its own, and whichever of the two classes runs second checks that the names differ.
 */
@WithDatabases(DatabaseKind.POSTGRES)
class DatabasesExtensionSecondClassIT {

    @BeforeAll
    static void record(TestDatabases databases) {
        DatabasesExtensionIT.NAMES_BY_CLASS.put(DatabasesExtensionSecondClassIT.class,
                Set.of(databases.postgres().name(), databases.mysql().name()));
        assertFreshAndDistinct(DatabasesExtensionSecondClassIT.class, databases);
    }

    /** Both primary databases hold no table yet, and no other class recorded the same names. */
    static void assertFreshAndDistinct(Class<?> self, TestDatabases databases) {
        assertThat(databases.postgres().queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'", Long.class)).isZero();
        assertThat(databases.mysql().queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()", Long.class)).isZero();
        Set<String> mine = DatabasesExtensionIT.NAMES_BY_CLASS.get(self);
        for (Map.Entry<Class<?>, Set<String>> other : DatabasesExtensionIT.NAMES_BY_CLASS.entrySet()) {
            if (other.getKey() != self) {
                assertThat(mine).as("databases of %s vs %s", self.getSimpleName(), other.getKey().getSimpleName())
                        .doesNotContainAnyElementsOf(other.getValue());
            }
        }
    }

    @Test
    void hasItsOwnWorkingDatabases(TestDatabases databases) {
        databases.postgres().execute("CREATE TABLE second_class (id INT)");
        assertThat(databases.postgres().queryForObject("SELECT COUNT(*) FROM second_class", Integer.class)).isZero();
        assertThat(databases.mysql().queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
    }
}
