package dev.pitstop.internal.run;

import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopConfig;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.check.Checker;
import dev.pitstop.internal.check.PreviousQueries;
import dev.pitstop.internal.load.MigrationScript;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The compatibility checker as the connected commands run it: {@code check} reports, {@code plan}, {@code migrate}
 * and the dry run refuse. The pending files are checked against the live schema and data (the files before them
 * replayed where the catalog says nothing), every read bounded by {@code ddlLockTimeout}. It runs after planning, so
 * a statement Pitstop cannot run at all keeps its own error (bad SQL, not supported yet).
 */
final class CompatibilityGate {
    private final PitstopConfig config;

    CompatibilityGate(PitstopConfig config) {
        this.config = config;
    }

    /**
     * Runs the connected checker with every catalog and data read bounded by {@code ddlLockTimeout}: they are plain
     * reads, but a read still queues behind a table lock another session holds or waits for.
     *
     * @param onlineChecked the files whose statements the checker asks the dialect about ({@code not-online-on-server});
     *     plan and migrate pass none: they stop at such a statement with its own error when they get to it
     * @param command the command, for messages
     */
    CheckResult check(Database db, Handle work, Set<String> onlineChecked, List<MigrationScript> scripts,
                      List<MigrationScript> pending, String command) {
        Handles.execute(work, db.dialect().lockTimeout(config.ddlLockTimeout()));
        try {
            return new Checker(db.dialect().parserFlavor(), PreviousQueries.load(config.previousQueries(),
                    db.dialect().parserFlavor()), new LiveTableData(work, db.dialect(), onlineChecked))
                    .check(scripts, pending::contains);
        } catch (RuntimeException e) {
            SQLException sql = Handles.sqlException(e);
            if (sql != null && db.dialect().isLockTimeout(sql)) {
                throw new PitstopException(ErrorCode.EXECUTION_FAILED, "the compatibility checker's reads of the live "
                        + "tables (the schema, duplicates before a unique key, NULLs before NOT NULL) waited longer than "
                        + "ddlLockTimeout (" + config.ddlLockTimeout().toMillis() + " ms) for a table lock another session "
                        + "holds: " + Handles.cause(e) + ". Nothing was changed; run " + command + " again once that "
                        + "session is done.", e);
            }
            throw e;
        } finally {
            Handles.execute(work, db.restoreLockTimeout(work));
        }
    }

    /** Refuses ({@code CHECK_REFUSED}, every finding listed, nothing changed) when the checker refuses a pending file. */
    void refuseWhatBreaks(Database db, Handle work, List<MigrationScript> scripts, List<MigrationScript> pending,
                          String command) {
        if (pending.isEmpty()) {
            return;
        }
        CheckResult result = check(db, work, Set.of(), scripts, pending, command);
        if (result.refused()) {
            throw new PitstopException(ErrorCode.CHECK_REFUSED, command + " refused by the compatibility checker: the "
                    + "previous application version would break. Nothing was changed. Rewrite the statements as each "
                    + "finding says, or allow one with `-- pitstop:allow <rule-id> <reason>` on the line before it.\n\n"
                    + result.toText());
        }
    }
}
