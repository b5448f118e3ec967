package dev.pitstop.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitstop.spi.OnlineDdl;
import dev.pitstop.spi.RebuildSpec;
import dev.pitstop.spi.RebuildSql;
import dev.pitstop.spi.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of RENAME COLUMN's sync triggers and the chunks of data statements. */
class MySqlColumnSyncTest {
    private final MySqlDialect dialect = new MySqlDialect(Flavour.of("5.5.5-10.11.19-MariaDB"));
    private final OnlineDdl ddl = dialect.onlineDdl();
    private final RebuildSql rebuild = dialect.rebuild().orElseThrow();

    private static String flat(Sql sql) {
        return sql.text().strip().replaceAll("\\s+", " ");
    }

    @Test
    void renameSyncIsTwoBeforeTriggersComparingBytes() {
        assertThat(ddl.installRenameSync("people", "name", "full_name", "h")).extracting(MySqlColumnSyncTest::flat).containsExactly(
                "DROP TRIGGER IF EXISTS `h_ins`",
                "CREATE TRIGGER `h_ins` BEFORE INSERT ON `people` FOR EACH ROW BEGIN IF NEW.`full_name` IS NULL THEN "
                        + "SET NEW.`full_name` = NEW.`name`; ELSE SET NEW.`name` = NEW.`full_name`; END IF; END",
                "DROP TRIGGER IF EXISTS `h_upd`",
                "CREATE TRIGGER `h_upd` BEFORE UPDATE ON `people` FOR EACH ROW BEGIN IF NOT (BINARY NEW.`full_name` <=> "
                        + "BINARY OLD.`full_name`) THEN SET NEW.`name` = NEW.`full_name`; ELSEIF NOT (BINARY NEW.`name` <=> "
                        + "BINARY OLD.`name`) THEN SET NEW.`full_name` = NEW.`name`; END IF; END");
        assertThat(ddl.columnsDiffer("name", "full_name")).isEqualTo("NOT (BINARY `name` <=> BINARY `full_name`)");
        assertThat(flat(ddl.addRenamedColumn("people", "full_name", "varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")))
                .isEqualTo("ALTER TABLE `people` ADD COLUMN `full_name` varchar(100) CHARACTER SET utf8mb4 COLLATE "
                        + "utf8mb4_bin NULL, ALGORITHM=INSTANT");
        assertThat(ddl.setNotNullOnline("people", "full_name", "h_nn")).as("InnoDB rebuilds for NOT NULL").isEmpty();
    }

    @Test
    void aDataChunkIsTheUsersConditionAndAKeyRangeMariaDbCanUseTheIndexFor() {
        RebuildSpec keyed = new RebuildSpec("ledger", "ledger", "ledger", "ledger", "ledger", "ledger", "ledger",
                List.of(new RebuildSpec.KeyColumn("a", "int(11)"), new RebuildSpec.KeyColumn("b", "int(11)")), List.of(),
                List.of(), false);
        Sql update = rebuild.updateRange(keyed, "n = n + 1", "n < 9", List.of("1", "2"), null);
        assertThat(update.text()).isEqualTo("UPDATE `ledger` SET n = n + 1 WHERE (n < 9) AND (`a` >= ? AND (`a` > ? OR "
                + "(`a` = ? AND `b` > ?)))");
        assertThat(update.args()).containsExactly("1", "1", "1", "2");
        assertThat(flat(rebuild.dataChunkSession(java.time.Duration.ofMillis(250)))).isEqualTo("SET SESSION "
                + "innodb_lock_wait_timeout = 1, tx_isolation = 'READ-COMMITTED', @pitstop_sync = NULL, max_statement_time = 0.25");
    }
}
