package dev.pitstop.internal.step;

import dev.pitstop.Phase;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.ParsedStatement.NewColumn;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.spi.Dialect;
import dev.pitstop.spi.ParserFlavor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ALTER TABLE ... ADD COLUMN, nullable or with a constant default: a metadata-only change on
 * PostgreSQL 11+ and INSTANT on MySQL 8 / MariaDB 10.4+, run in EXPAND under a short lock timeout. The
 * previous application version never names the new column, so it keeps working.
 *
 * <p>A volatile default ({@code clock_timestamp()}, {@code gen_random_uuid()}, a serial type) makes the
 * server rewrite the table under an exclusive lock: where the dialect has an online rebuild the step becomes
 * one ({@link RebuildTableStep}), elsewhere it is refused against the live schema. Refused at planning:
 * a NOT NULL column without default (the previous version's INSERTs would fail), and key, generated or
 * constraint clauses (they scan or lock other tables).
 */
public record AddColumnsStep(ParsedStatement.AddColumns statement) implements Step {
    private static final Pattern SERIAL = Pattern.compile("(?i)(big|small)?serial[248]?");
    /** ALTER TABLE [IF EXISTS] [ONLY] name, before the clauses. */
    private static final String NAME = "(\"([^\"]|\"\")*\"|`([^`]|``)*`|[\\w$]+)";
    private static final Pattern HEAD = Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(ONLY\\s+)?"
            + NAME + "(\\s*\\.\\s*" + NAME + ")?\\s+");

    /** Why this statement cannot run online at all, or null when it can (perhaps as a rebuild). */
    public static String refusal(ParsedStatement.AddColumns statement) {
        for (NewColumn c : statement.columns()) {
            String problem = problem(c);
            if (problem != null) {
                return "ADD COLUMN " + c.name() + " to " + statement.table() + " " + problem
                        + ". Add the column nullable or with a constant DEFAULT, and fill it with an UPDATE in a later migration";
            }
        }
        return null;
    }

    private static String problem(NewColumn c) {
        if (c.blocker() != null) {
            return "uses " + c.blocker() + ", which makes the server scan the table or lock others (not supported online yet)";
        }
        if (c.notNull() && c.defaultExpression() == null) {
            return "is NOT NULL without a DEFAULT, which fails on existing rows and breaks the previous version's INSERTs";
        }
        return null;
    }

    /**
     * True when a column's default gives every row its own value (a serial type, a volatile function), so
     * the server would rewrite the table to fill it; a stable default such as {@code now()} is evaluated
     * once and stored, without a rewrite.
     */
    boolean rewrites(Catalog catalog, Dialect dialect) {
        // MySQL: any non-literal default goes through the rebuild (INSTANT does not take every expression)
        return statement.columns().stream().anyMatch(c -> SERIAL.matcher(c.type()).matches()
                || !c.constantDefault() && (dialect.parserFlavor() != ParserFlavor.POSTGRES
                        || catalog.callsVolatileFunction(c.defaultExpression())));
    }

    /** The clauses after the table name, e.g. {@code ADD COLUMN created_at timestamptz DEFAULT now()}. */
    String clauses() {
        return clausesOf(statement.source().text());
    }

    /** What follows {@code ALTER TABLE <name>} in a statement. */
    public static String clausesOf(String statementText) {
        String text = statementText.replaceFirst("\\s*;\\s*$", "").strip();
        Matcher m = HEAD.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("cannot find the clauses of " + text);
        }
        return text.substring(m.end());
    }

    @Override
    public Step resolve(Catalog catalog, Dialect dialect, String recordedKind) {
        if (RebuildTableStep.KIND.equals(recordedKind)
                || recordedKind == null && dialect.rebuild().isPresent() && catalog != null && rewrites(catalog, dialect)) {
            return new RebuildTableStep(statement.source(), statement.table(), List.of(), clauses());
        }
        return this;
    }

    @Override
    public String refusal(Catalog catalog, Dialect dialect) {
        if (dialect.rebuild().isPresent()) {
            return null;
        }
        for (NewColumn c : statement.columns()) {
            if (!c.constantDefault()) {
                return "ADD COLUMN " + c.name() + " to " + statement.table() + " has the non-constant default "
                        + c.defaultExpression() + ", which may make " + dialect.describe() + " rewrite the table under an "
                        + "exclusive lock, and Pitstop's online table rebuild is not supported there yet. Add the column "
                        + "nullable or with a constant DEFAULT, and fill it with an UPDATE in a later migration";
            }
        }
        return null;
    }

    @Override
    public String kind() {
        return "add-column";
    }

    @Override
    public SourceStatement source() {
        return statement.source();
    }

    @Override
    public List<Action> actions(Dialect dialect) {
        List<String> names = statement.columns().stream().map(NewColumn::name).toList();
        return List.of(new Action(Phase.EXPAND, "add column " + String.join(", ", names) + " to " + statement.table(),
                dialect.onlineDdl().addColumns(statement.source().text()), true));
    }

    @Override
    public boolean alreadyApplied(Catalog catalog) {
        return statement.columns().stream().allMatch(c -> catalog.columnExists(statement.table(), c.name()));
    }

    private static final String EXISTING = "+existing\t";

    /**
     * The columns that exist before the step runs (an ADD COLUMN IF NOT EXISTS over one of them adds nothing),
     * one {@code +existing<TAB>column} a line.
     */
    @Override
    public String memo(Catalog catalog, Dialect dialect) {
        return statement.columns().stream().map(NewColumn::name).filter(c -> catalog.columnExists(statement.table(), c))
                .map(c -> EXISTING + c + "\n").collect(Collectors.joining());
    }

    @Override
    public List<Action> abortActions(Dialect dialect) {
        return List.of();
    }

    /**
     * Drops the columns the step added, online: the previous version never names them. What the new version
     * wrote into them is discarded, by design; a column that existed before the step stays.
     */
    @Override
    public List<Action> remainingAbortActions(Catalog catalog, Dialect dialect, String memo) {
        List<String> existedBefore = memo == null ? List.of() : memo.lines().filter(l -> l.startsWith(EXISTING))
                .map(l -> l.substring(EXISTING.length())).toList();
        List<String> added = statement.columns().stream().map(NewColumn::name)
                .filter(c -> !existedBefore.contains(c) && catalog.columnExists(statement.table(), c)).toList();
        if (added.isEmpty()) {
            return List.of();
        }
        return List.of(new Action(Phase.EXPAND, "drop column " + String.join(", ", added) + " of " + statement.table()
                + " (values the new version wrote there are discarded)",
                dialect.onlineDdl().dropColumns(statement.table(), added), true));
    }
}
