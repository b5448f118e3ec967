package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pitstop.AppliedMigration;
import dev.pitstop.ErrorCode;
import dev.pitstop.MigrateResult;
import dev.pitstop.MigrationInfo;
import dev.pitstop.MigrationState;
import dev.pitstop.Pitstop;
import dev.pitstop.PitstopException;
import dev.pitstop.PlanResult;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The library's migrate, plan, status and baseline against real servers, on both dialects. */
@WithDatabases
class MigrateIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migrateAppliesCreateTableIndexAndAddColumnThenHasNothingLeftToDo(DatabaseKind kind, TestDatabases dbs,
                                                                         @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        Pitstop pitstop = new MigrationFiles(dir).standardThree().pitstop(db);

        MigrateResult first = pitstop.migrate();

        assertThat(first.applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3");
        assertThat(first.applied()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MigrationState.COMPLETED));
        assertThat(Schema.columns(db, "customers")).contains("id", "email", "phone", "tier");
        assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isTrue();
        assertThat(pitstop.migrate().upToDate()).isTrue();
        assertThat(pitstop.status().migrations()).extracting(MigrationInfo::state)
                .containsExactly(MigrationState.COMPLETED, MigrationState.COMPLETED, MigrationState.COMPLETED);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migrateReadsFilesFromTheClasspath(DatabaseKind kind, TestDatabases dbs) {
        TestDatabase db = dbs.fresh(kind);
        Pitstop pitstop = Pitstop.configure().dataSource(db.dataSource()).locations("classpath:db/it-classpath").load();

        assertThat(pitstop.migrate().applied()).extracting(AppliedMigration::version).containsExactly("1", "1.9", "1.10");
        assertThat(Schema.columns(db, "classpath_items")).contains("id", "note", "added_in_1_10");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void planShowsStepsWithOnlineSqlAndChangesNothing(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        PlanResult plan = new MigrationFiles(dir).standardThree().pitstop(db).plan();

        assertThat(plan.pending()).hasSize(3);
        String indexSql = plan.pending().get(1).steps().get(0).actions().get(0).sql();
        assertThat(indexSql).contains(kind == DatabaseKind.POSTGRES ? "CONCURRENTLY" : "ALGORITHM=INPLACE LOCK=NONE");
        assertThat(Schema.tableExists(db, "customers")).isFalse();
        assertThat(Schema.tableExists(db, "pitstop_history")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migrateAdoptsADatabaseThatHoldsTablesButNoHistory(DatabaseKind kind, TestDatabases dbs, @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE legacy_orders (id INT PRIMARY KEY, total INT)", "INSERT INTO legacy_orders VALUES (1, 10)");
        MigrationFiles files = new MigrationFiles(dir).standardThree();
        files.write("V4__index_legacy_orders.sql", "CREATE INDEX legacy_orders_total_idx ON legacy_orders (total);");

        assertThat(files.pitstop(db).migrate().applied()).hasSize(4);
        assertThat(Schema.indexExists(db, "legacy_orders", "legacy_orders_total_idx")).isTrue();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM legacy_orders", Number.class).intValue()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void baselineMarksEarlierFilesAppliedAndMigrateRunsOnlyLaterOnes(DatabaseKind kind, TestDatabases dbs,
                                                                    @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_customers.sql", MigrationFiles.CREATE_TABLE);
        files.write("V5__index_customers_email.sql", MigrationFiles.CREATE_INDEX);
        files.write("V6__add_customers_phone.sql", MigrationFiles.ADD_COLUMN);
        Pitstop pitstop = files.pitstop(db);

        assertThat(pitstop.baseline("5").version()).isEqualTo("5");
        assertThat(pitstop.migrate().applied()).extracting(AppliedMigration::version).containsExactly("6");

        assertThat(Schema.indexExists(db, "customers", "customers_email_idx")).isFalse();
        assertThat(Schema.columns(db, "customers")).contains("phone", "tier");
        assertThat(pitstop.status().migrations()).extracting(MigrationInfo::version, MigrationInfo::state)
                .containsExactly(tuple("1", MigrationState.PENDING),
                        tuple("5", MigrationState.BASELINE),
                        tuple("6", MigrationState.COMPLETED));
        assertThatThrownBy(() -> pitstop.baseline("7")).isInstanceOf(PitstopException.class)
                .hasMessageContaining("already records");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anEditedAppliedFileIsRefusedWithBothChecksumsAndNothingChanges(DatabaseKind kind, TestDatabases dbs,
                                                                       @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir).standardThree();
        Pitstop pitstop = files.pitstop(db);
        pitstop.migrate();
        String applied = db.queryForObject("SELECT checksum FROM pitstop_history WHERE version = '2'", String.class);
        files.write("V2__index_customers_email.sql", "CREATE INDEX customers_email_idx ON customers (email, id);\n");
        files.write("V4__add_customers_note.sql", "ALTER TABLE customers ADD COLUMN note VARCHAR(100);\n");

        assertThatThrownBy(pitstop::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains("V2__index_customers_email.sql", applied);
            assertThat(e.getMessage()).containsPattern("file now [0-9a-f]{64}");
        });
        assertThat(Schema.columns(db, "customers")).doesNotContain("note");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementThatDoesNotParseNamesFileAndLineAndWritesNoHistory(DatabaseKind kind, TestDatabases dbs,
                                                                     @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_customers.sql", MigrationFiles.CREATE_TABLE);
        files.write("V2__broken.sql", "-- a typo on line 3\n\nCREATE TABEL oops (id INT);\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL);
            assertThat(e.getMessage()).contains("V2__broken.sql:3");
        });
        assertThat(Schema.tableExists(db, "customers")).isFalse();
        assertThat(!Schema.tableExists(db, "pitstop_history")
                || db.queryForObject("SELECT COUNT(*) FROM pitstop_history", Number.class).intValue() == 0).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementWithoutAnOnlinePlanIsRefusedBeforeAnythingRuns(DatabaseKind kind, TestDatabases dbs,
                                                                 @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        db.execute("CREATE TABLE keep_me (id INT PRIMARY KEY)");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__create_customers.sql", MigrationFiles.CREATE_TABLE);
        files.write("V2__drop.sql", "TRUNCATE keep_me;\n");

        assertThatThrownBy(files.pitstop(db)::migrate).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_YET);
            assertThat(e.getMessage()).contains("V2__drop.sql:1", "TRUNCATE");
        });
        assertThat(Schema.tableExists(db, "keep_me")).isTrue();
        assertThat(Schema.tableExists(db, "customers")).isFalse();
    }
}
