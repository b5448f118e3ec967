package dev.pitstop.internal.check;

import dev.pitstop.CheckFinding;
import dev.pitstop.CheckFinding.Severity;
import dev.pitstop.CheckResult;
import dev.pitstop.ErrorCode;
import dev.pitstop.PitstopException;
import dev.pitstop.internal.check.model.Names;
import dev.pitstop.internal.check.model.Schema;
import dev.pitstop.internal.check.model.Table;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.parse.ParsedStatement;
import dev.pitstop.internal.parse.SchemaEdit;
import dev.pitstop.internal.parse.ScriptSplitter;
import dev.pitstop.internal.parse.SourceStatement;
import dev.pitstop.internal.parse.StatementParser;
import dev.pitstop.internal.plan.Planner;
import dev.pitstop.spi.ParserFlavor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The compatibility checker: replays the migration files in version order into a {@link Schema} and
 * checks every statement of each file against the schema before that file (what the previous application
 * version runs against) and before the statement. Every finding of every statement is collected; nothing
 * throws for unsafe SQL. Offline it touches no database; connected, the data checks read the live tables through
 * {@link LiveData} (bounded reads, no writes).
 */
public final class Checker {
    private static final int STATEMENT_WIDTH = 160;

    private final ParserFlavor flavor;
    private final ScriptSplitter splitter;
    private final StatementParser parser;
    private final Planner planner;
    private final SchemaReplay replay;
    private final PreviousQueries previous;
    private final LiveData live;

    public Checker(ParserFlavor flavor) {
        this(flavor, PreviousQueries.NONE);
    }

    /** A checker that also runs the previous version's own statements against every step. */
    public Checker(ParserFlavor flavor, PreviousQueries previous) {
        this(flavor, previous, LiveData.NONE);
    }

    /**
     * A connected checker: the reported files' statements are also checked against the data {@code live} holds
     * now, for tables that exist there and that no earlier reported statement creates.
     */
    public Checker(ParserFlavor flavor, PreviousQueries previous, LiveData live) {
        this.flavor = flavor;
        this.previous = previous;
        this.live = live;
        this.splitter = new ScriptSplitter(flavor);
        this.parser = new StatementParser(flavor);
        this.planner = new Planner(flavor);
        this.replay = new SchemaReplay(flavor);
    }

    public CheckResult check(List<MigrationScript> scripts) {
        return check(scripts, script -> true);
    }

    /**
     * Replays every script in order but reports only on those {@code reported} accepts: {@code plan} and
     * {@code migrate} check the pending files against the schema the applied ones replay to.
     */
    public CheckResult check(List<MigrationScript> scripts, Predicate<MigrationScript> reported) {
        Set<String> reportedFiles = new HashSet<>();
        scripts.stream().filter(reported).forEach(s -> reportedFiles.add(s.name()));
        // parsing needs no schema: every statement is analysed first (in parallel: JSqlParser is most of the
        // checker's time), then replayed in order
        List<Pending> pending = scripts.stream()
                .flatMap(script -> splitter.split(script.content()).stream().map(source -> new Pending(script.name(), source)))
                .toList();
        List<Analysed> analysed = pending.parallelStream().map(this::analyse).toList();
        List<CheckFinding> findings = new ArrayList<>();
        Schema schema = Schema.EMPTY;
        Schema start = schema;
        String file = null;
        Set<String> notLiveData = new HashSet<>();
        Set<String> reshaped = new HashSet<>();
        boolean introspected = false;
        for (Analysed a : analysed) {
            boolean reportedFile = reportedFiles.contains(a.file());
            if (reportedFile && !introspected) {
                // connected, the live schema is what the previous version runs against: it replaces what the
                // applied files replay to (tables from before Pitstop included); offline it is empty
                schema = withLiveTables(schema, live.schema());
                introspected = true;
            }
            if (!a.file().equals(file)) {
                file = a.file();
                start = schema;
            }
            LiveData statementLive = LiveData.NONE;
            if (reportedFile) {
                statementLive = live.except(Set.copyOf(notLiveData));
                if (tablesNamed(a).stream().anyMatch(reshaped::contains)) {
                    statementLive = statementLive.withoutOnlineCheck();
                }
            }
            StatementContext context = new StatementContext(a.file(), flavor, a.source(), a.statement(), a.edits(), start,
                    schema, replay.apply(schema, a.edits()), a.refusal(), previous, statementLive);
            if (reportedFile) {
                findings.addAll(check(a.file(), context));
                notLiveData.addAll(tablesWhoseDataChanges(a));
                reshaped.addAll(tablesNamed(a));
            }
            schema = context.after();
        }
        long statements = analysed.stream().filter(a -> reportedFiles.contains(a.file())).count();
        return new CheckResult(flavor == ParserFlavor.MYSQL ? "mysql" : "postgres", reportedFiles.size(), (int) statements,
                findings);
    }

    /**
     * Tables whose data the live database no longer tells after this statement: one it creates or renames into
     * place is not the live table of that name, and an UPDATE or DELETE may fill the NULLs or remove the
     * duplicates a later statement's data check would find (the safe rewrite of {@code set-not-null-without-fill}
     * is such an UPDATE).
     */
    private static List<String> tablesWhoseDataChanges(Analysed a) {
        List<String> out = new ArrayList<>();
        if (a.statement() instanceof ParsedStatement.DataChange d) {
            out.add(Names.of(d.table()));
        }
        for (SchemaEdit e : a.edits()) {
            if (e instanceof SchemaEdit.CreateTable c) {
                out.add(Names.of(c.table()));
            } else if (e instanceof SchemaEdit.RenameTable r) {
                out.add(Names.of(r.to()));
            }
        }
        return out;
    }

    /** The live tables and enum types replace the replayed ones of the same name. */
    private static Schema withLiveTables(Schema replayed, Schema live) {
        Schema out = replayed;
        for (Table t : live.tables().values()) {
            out = out.withTable(t);
        }
        for (Map.Entry<String, List<String>> e : live.enums().entrySet()) {
            out = out.withEnum(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Every table the statement names, as {@link Names} keys them (both names of a renamed one). */
    private static List<String> tablesNamed(Analysed a) {
        List<String> out = new ArrayList<>();
        if (a.statement() != null && a.statement().table() != null) {
            out.add(Names.of(a.statement().table()));
        }
        for (SchemaEdit e : a.edits()) {
            String table = e.table();
            if (table != null) {
                out.add(Names.of(table));
            }
            if (e instanceof SchemaEdit.RenameTable r) {
                out.add(Names.of(r.to()));
            } else if (e instanceof SchemaEdit.Truncate t) {
                t.tables().forEach(x -> out.add(Names.of(x)));
            }
        }
        return out;
    }

    private record Pending(String file, SourceStatement source) {
    }

    /** A statement as parsed and planned: statement null and refusal set when it does not parse. */
    private record Analysed(String file, SourceStatement source, ParsedStatement statement, List<SchemaEdit> edits,
                            String refusal) {
    }

    private Analysed analyse(Pending p) {
        try {
            StatementParser.Analysis analysis = parser.analyse(p.file(), p.source());
            return new Analysed(p.file(), p.source(), analysis.statement(), analysis.edits(),
                    planner.refusal(p.file(), analysis.statement()));
        } catch (PitstopException e) {
            if (e.code() != ErrorCode.INVALID_SQL) {
                throw e;
            }
            return new Analysed(p.file(), p.source(), null, List.of(), e.getMessage());
        }
    }

    /** The rules in order, then the overrides; see {@link Rules} for which rules are asked when. */
    private List<CheckFinding> check(String file, StatementContext s) {
        List<Overrides.Override> overrides = Overrides.in(s.source().leadingComments());
        Set<Overrides.Override> used = new HashSet<>();
        List<CheckFinding> out = new ArrayList<>();
        for (Rule rule : Rules.REFUSING) {
            rule.check(s).forEach(f -> out.add(allowOrKeep(file, s, f, overrides, used)));
        }
        if (out.isEmpty()) {
            Rules.FALLBACK.check(s).forEach(f -> out.add(allowOrKeep(file, s, f, overrides, used)));
        }
        if (out.stream().noneMatch(f -> f.severity() == Severity.REFUSED)) {
            for (Rule rule : Rules.INFORMING) {
                rule.check(s).forEach(f -> out.add(finding(file, s, f, null)));
            }
        }
        for (Overrides.Override o : overrides) {
            if (o.reason().isEmpty()) {
                out.add(finding(file, s, Finding.refuse(Rules.OVERRIDE_WITHOUT_REASON, "-- pitstop:allow " + o.rule()
                        + " gives no reason, so it allows nothing", "Say why it is safe: -- pitstop:allow " + o.rule()
                        + " <reason>"), null));
            } else if (!used.contains(o)) {
                String known = Rules.refusingIds().contains(o.rule()) ? "no " + o.rule() + " refusal of this statement"
                        : "no rule has the id '" + o.rule() + "' (known: " + String.join(", ", Rules.refusingIds()) + ")";
                out.add(finding(file, s, new Finding(Rules.OVERRIDE_UNUSED, Severity.WARNING, "-- pitstop:allow "
                        + o.rule() + " matches nothing: " + known, "Remove the override, or name the rule it is meant for"), null));
            }
        }
        return out;
    }

    private static CheckFinding allowOrKeep(String file, StatementContext s, Finding f, List<Overrides.Override> overrides,
                                            Set<Overrides.Override> used) {
        for (Overrides.Override o : overrides) {
            if (o.rule().equals(f.rule()) && !o.reason().isEmpty() && f.severity() == Severity.REFUSED) {
                used.add(o);
                return finding(file, s, new Finding(f.rule(), Severity.ALLOWED, f.why(), f.rewrite()), o.reason());
            }
        }
        return finding(file, s, f, null);
    }

    private static CheckFinding finding(String file, StatementContext s, Finding f, String allowedBecause) {
        String text = s.source().text().strip().replaceAll("\\s+", " ");
        if (text.length() > STATEMENT_WIDTH) {
            text = text.substring(0, STATEMENT_WIDTH - 3) + "...";
        }
        return new CheckFinding(f.rule(), f.severity(), file, s.source().line(), text, f.why(), f.rewrite(), allowedBecause);
    }
}
