package dev.pitstop.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.MigrationState;
import dev.pitstop.PitstopException;
import dev.pitstop.testkit.DatabaseKind;
import dev.pitstop.testkit.TestDatabase;
import dev.pitstop.testkit.TestDatabases;
import dev.pitstop.testkit.WithDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checker's data checks against the live tables: a unique index on columns that hold duplicates and NOT NULL
 * on a column that holds NULLs are refused by {@code check} (with a data source), {@code plan} and {@code migrate},
 * naming the values and the count, and nothing changes; once the data is clean the same migration runs.
 */
@WithDatabases
class DataChecksIT {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void uniqueOnDuplicatesAndNotNullOnNullsAreRefusedUntilTheDataIsClean(DatabaseKind kind, TestDatabases dbs,
                                                                          @TempDir Path dir) {
        TestDatabase db = dbs.fresh(kind);
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(100), age INT);\n");
        files.pitstop(db).migrate();
        db.execute("INSERT INTO accounts (id, email, age) VALUES (1, 'a@x.org', NULL), (2, 'a@x.org', 30), "
                + "(3, 'b@x.org', NULL), (4, NULL, 40), (5, NULL, 50)");
        String notNull = kind == DatabaseKind.POSTGRES
                ? "ALTER TABLE accounts ALTER COLUMN age SET DEFAULT 0;\nALTER TABLE accounts ALTER COLUMN age SET NOT NULL;\n"
                : "ALTER TABLE accounts MODIFY age INT NOT NULL DEFAULT 0;\n";
        files.write("V2__unique_email_age_not_null.sql", "CREATE UNIQUE INDEX accounts_email ON accounts (email);\n" + notNull);

        CheckResult check = files.configure(db).check();
        assertThat(check.refused()).isTrue();
        assertThat(check.findings()).filteredOn(f -> f.severity() == CheckFinding.Severity.REFUSED)
                .extracting(CheckFinding::rule).containsExactly("unique-on-duplicates", "not-null-on-nulls");
        assertThat(check.findings()).anySatisfy(f -> assertThat(f.why()).contains("'a@x.org' in 2 rows"))
                .anySatisfy(f -> assertThat(f.why()).contains("accounts.age is NULL in 2 row(s)"));
        assertThatThrownBy(() -> files.pitstop(db).plan()).isInstanceOfSatisfying(PitstopException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_REFUSED));
        assertThatThrownBy(() -> files.pitstop(db).migrate()).isInstanceOfSatisfying(PitstopException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CHECK_REFUSED);
            assertThat(e.getMessage()).contains("unique-on-duplicates", "not-null-on-nulls", "V2__unique_email_age_not_null.sql:1");
        });
        assertThat(Schema.indexExists(db, "accounts", "accounts_email")).isFalse();

        db.execute("DELETE FROM accounts WHERE id = 2", "UPDATE accounts SET age = 0 WHERE age IS NULL");
        assertThat(files.configure(db).check().refused()).isFalse();
        assertThat(files.pitstop(db).migrate().applied()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MigrationState.EXPANDED));
        assertThat(Schema.indexExists(db, "accounts", "accounts_email")).isTrue();
    }

    /** {@code check} with a data source reads the live tables under the same bound as plan and migrate. */
    @org.junit.jupiter.api.Test
    void aConnectedCheckWaitsForALockedTableAtMostDdlLockTimeout(TestDatabases dbs, @TempDir Path dir) throws Exception {
        TestDatabase db = dbs.fresh(DatabaseKind.POSTGRES);
        db.execute("CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(100))");
        MigrationFiles files = new MigrationFiles(dir);
        files.write("V1__unique_email.sql", "CREATE UNIQUE INDEX accounts_email ON accounts (email);\n");
        try (java.sql.Connection holder = db.connect(); java.sql.Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            assertThatThrownBy(() -> files.configure(db).ddlLockTimeout(java.time.Duration.ofMillis(300)).check())
                    .isInstanceOfSatisfying(PitstopException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                        assertThat(e.getMessage()).contains("ddlLockTimeout (300 ms)", "run check again");
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms check waited").isLessThan(10_000);
            holder.rollback();
        }
        assertThat(files.configure(db).check().refused()).isFalse();
    }
}
