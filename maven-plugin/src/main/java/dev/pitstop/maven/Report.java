package dev.pitstop.maven;

import dev.pitstop.AbortResult;
import dev.pitstop.AppliedMigration;
import dev.pitstop.BaselineResult;
import dev.pitstop.ContractResult;
import dev.pitstop.MigrateResult;
import dev.pitstop.MigrationInfo;
import dev.pitstop.PlanResult;
import dev.pitstop.PlannedAction;
import dev.pitstop.PlannedMigration;
import dev.pitstop.PlannedStep;
import dev.pitstop.StatusResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Turns the facade's results into the lines the goals log. Pure functions, so they are tested without Maven. */
final class Report {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Report() {
    }

    static List<String> plan(PlanResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.pending().isEmpty()) {
            lines.add("Nothing to migrate: the database is up to date.");
            return lines;
        }
        lines.add(result.pending().size() + " pending migration(s):");
        for (PlannedMigration m : result.pending()) {
            lines.add("");
            lines.add("V" + m.version() + " " + m.description() + " (" + m.script() + "), " + m.steps().size()
                    + " step(s)");
            for (PlannedStep step : m.steps()) {
                lines.add("  step " + step.number() + " [" + step.kind() + "] at " + step.source() + ": "
                        + oneLine(step.statement()));
                for (PlannedAction action : step.actions()) {
                    lines.add("    " + action.phase() + ": " + action.description());
                    if (action.sql() != null && !action.sql().isBlank()) {
                        for (String sqlLine : action.sql().strip().split("\\R")) {
                            lines.add("      " + sqlLine);
                        }
                    }
                }
            }
        }
        lines.add("");
        lines.add("Run pitstop:migrate to apply them.");
        return lines;
    }

    static List<String> migrate(MigrateResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.upToDate()) {
            lines.add("Nothing to migrate: the database is up to date.");
            return lines;
        }
        for (AppliedMigration m : result.applied()) {
            lines.add(applied(m));
        }
        lines.add("Migrated " + result.applied().size() + " migration(s).");
        return lines;
    }

    static List<String> dryRun(dev.pitstop.DryRunResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.upToDate()) {
            lines.add("Nothing to rehearse: the database is up to date.");
            return lines;
        }
        for (dev.pitstop.DryRunStep s : result.steps()) {
            lines.add("V" + s.version() + " step " + s.stepNo() + " " + s.kind() + ": " + s.statement());
            if (s.rehearsed()) {
                lines.add(String.format(java.util.Locale.ROOT, "  rehearsed on %s: sample of %,d rows in %d ms, %,d rows/s; "
                        + "~%,d rows: expected copy time %d s", s.table(), s.sampleRows(), s.sampleTook().toMillis(),
                        Math.round(s.rowsPerSecond()), s.rowsEstimated(), s.expectedDuration() == null ? 0
                                : Math.round(s.expectedDuration().toMillis() / 1000.0)));
            }
            if (s.table() != null) {
                lines.add("  would block the cut-over: " + (s.blockers().isEmpty() ? "nothing now" : String.join("; ",
                        s.blockers())));
            }
            s.notes().forEach(n -> lines.add("  note: " + n));
        }
        lines.add("Dry run: everything it created is dropped again; history untouched. Expected duration of the copies: "
                + Math.round(result.expectedDuration().toMillis() / 1000.0) + " s.");
        return lines;
    }

    static List<String> contract(ContractResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.contracted().isEmpty()) {
            lines.add("Nothing to contract: no migration waits for its contract phase.");
            return lines;
        }
        for (AppliedMigration m : result.contracted()) {
            lines.add(applied(m));
        }
        lines.add("Contracted " + result.contracted().size() + " migration(s).");
        return lines;
    }

    static List<String> abort(AbortResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.aborted().isEmpty()) {
            lines.add("Nothing to abort: every migration is completed.");
            return lines;
        }
        for (AppliedMigration m : result.aborted()) {
            lines.add("Aborted V" + m.version() + " " + m.description() + " (" + m.steps() + " step(s) undone); it is "
                    + "pending again.");
        }
        return lines;
    }

    static List<String> baseline(BaselineResult result) {
        return List.of("Database: " + result.database(),
                "Baselined at version " + result.version() + ": migrations up to V" + result.version()
                        + " are treated as applied.");
    }

    static List<String> status(StatusResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + result.database());
        if (result.migrations().isEmpty()) {
            lines.add("No migrations found in the locations or the history.");
            return lines;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Version", "Description", "Phase", "State", "Started", "Finished"});
        for (MigrationInfo m : result.migrations()) {
            rows.add(new String[] {m.version(), m.description() + (m.fileFound() ? "" : " (file missing)"),
                    m.phase() == null ? "" : m.phase().name(), m.state() == null ? "" : m.state().name(),
                    time(m.startedAt()), time(m.finishedAt())});
        }
        lines.addAll(table(rows));
        for (MigrationInfo m : result.migrations()) {
            if (m.error() != null && !m.error().isBlank()) {
                lines.add("V" + m.version() + " error: " + m.error());
            }
        }
        long pending = result.migrations().stream().filter(m -> m.state() != null && !m.state().isApplied()).count();
        lines.add(result.migrations().size() + " migration(s), " + pending + " not applied.");
        return lines;
    }

    private static String applied(AppliedMigration m) {
        return "V" + m.version() + " " + m.description() + ": " + m.state() + " (" + m.steps() + " step(s), "
                + (m.took() == null ? "?" : m.took().toMillis()) + " ms)";
    }

    static List<String> table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        lines.add(rule.toString());
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < columns; i++) {
                line.append(' ').append(rows.get(r)[i]).append(" ".repeat(width[i] - rows.get(r)[i].length())).append(" |");
            }
            lines.add(line.toString());
            if (r == 0) {
                lines.add(rule.toString());
            }
        }
        lines.add(rule.toString());
        return lines;
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String oneLine(String sql) {
        return sql == null ? "" : sql.strip().replaceAll("\\s+", " ");
    }
}
