package dev.pitstop.internal.step;

import dev.pitstop.internal.parse.ParsedStatement.TypeChange;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Consecutive ALTER TABLE statements of one table in one migration (column type changes and added
 * columns), planned together: when any of them would make the server rewrite the table, all of them go
 * into one online rebuild, so the table is copied once; otherwise each runs in its own online form, in
 * file order.
 *
 * @param parts {@link AlterColumnTypeStep}s and {@link AddColumnsStep}s of {@code table}, in file order
 * @param source the statements' text together, from the line of the first
 */
public record AlterTableStep(String table, List<Step> parts, SourceStatement source) implements Step {

    public AlterTableStep {
        parts = List.copyOf(parts);
    }

    /** True when the statement can join a merge of ALTER TABLE statements of {@code table}. */
    public static boolean mergeable(Step step, String table) {
        return table.equals(tableOf(step));
    }

    /** The table an ALTER TABLE step changes, or null when the step is of another kind. */
    public static String tableOf(Step step) {
        if (step instanceof AlterColumnTypeStep s) {
            return s.statement().table();
        }
        if (step instanceof AddColumnsStep s) {
            return s.statement().table();
        }
        return null;
    }

    /** Merges the parts; a column changed by two of them is not merged (each change runs as written). */
    public static boolean columnsDistinct(List<Step> parts) {
        Set<String> seen = new HashSet<>();
        for (Step part : parts) {
            List<String> columns = part instanceof AlterColumnTypeStep s
                    ? s.statement().changes().stream().map(TypeChange::column).toList()
                    : ((AddColumnsStep) part).statement().columns().stream().map(c -> c.name()).toList();
            for (String column : columns) {
                if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String kind() {
        return "alter-table";
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        List<Action> actions = new ArrayList<>();
        parts.forEach(p -> actions.addAll(p.actions(dialect)));
        return actions;
    }

    /**
     * One rebuild for all the parts when any of them needs one; otherwise the parts whose effect is not in
     * place yet, so a run killed between two of them resumes with the next.
     */
    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        boolean rebuild = RebuildTableStep.KIND.equals(recordedKind) || recordedKind == null
                && parts.stream().anyMatch(p -> p.resolve(catalog, dialect, null) instanceof RebuildTableStep);
        if (rebuild) {
            List<TypeChange> changes = new ArrayList<>();
            List<String> additions = new ArrayList<>();
            for (Step part : parts) {
                if (part instanceof AlterColumnTypeStep s) {
                    changes.addAll(s.statement().changes());
                } else {
                    additions.add(((AddColumnsStep) part).clauses());
                }
            }
            return new RebuildTableStep(source, table, changes, additions.isEmpty() ? null : String.join(", ", additions));
        }
        if (catalog == null) {
            return this;
        }
        return new AlterTableStep(table, parts.stream().filter(p -> !p.alreadyApplied(catalog)).toList(), source);
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        for (Step part : parts) {
            String refusal = part.refusal(catalog, dialect);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return parts.stream().allMatch(p -> p.alreadyApplied(catalog));
    }

    @Override
    public List<Sql> cleanupLeftovers(Catalog catalog, Dialect dialect) {
        List<Sql> cleanup = new ArrayList<>();
        parts.forEach(p -> cleanup.addAll(p.cleanupLeftovers(catalog, dialect)));
        return cleanup;
    }

    /** The parts' memos together: they change distinct columns, and each part reads its own lines. */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        return parts.stream().map(p -> p.memo(catalog, dialect)).filter(Objects::nonNull)
                .map(m -> m.endsWith("\n") || m.isEmpty() ? m : m + "\n").collect(Collectors.joining());
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return parts.stream().allMatch(p -> p.abortActions(dialect) != null) ? List.of() : null;
    }

    @Override
    public String abortRefusal(Catalog catalog, Dialect dialect, String memo) {
        return parts.stream().map(p -> p.abortRefusal(catalog, dialect, memo)).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    /** The parts' undo, last part first. */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        List<Action> actions = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            List<Action> part = parts.get(i).remainingAbortActions(catalog, dialect, memo);
            actions.addAll(part == null ? List.of() : part);
        }
        return actions;
    }
}
