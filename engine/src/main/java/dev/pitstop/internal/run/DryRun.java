package dev.pitstop.internal.run;

import dev.pitstop.DryRunStep;
import dev.pitstop.Phase;
import dev.pitstop.internal.load.MigrationScript;
import dev.pitstop.internal.run.rebuild.Progress;
import dev.pitstop.internal.run.rebuild.ProgressMeter;
import dev.pitstop.internal.run.rebuild.TableRebuilder;
import dev.pitstop.internal.step.Action;
import dev.pitstop.internal.step.Rebuild;
import dev.pitstop.internal.step.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code migrate --dry-run} for one step: an online table rebuild is rehearsed on the server (shadow and
 * triggers created and checked, a sample of chunks copied, blockers read, everything dropped); every other
 * step is only described, because running it would change the schema or the data.
 */
final class DryRun {
    /** The sample ends after this many chunks or this long, whichever comes first. */
    static final int SAMPLE_CHUNKS = 30;
    static final Duration SAMPLE_TIME = Duration.ofSeconds(3);

    private final ActionExecutor executor;
    private final Clock clock;

    DryRun(ActionExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    DryRunStep rehearse(MigrationScript script, int stepNo, Step step, List<Action> actions) throws Exception {
        String version = script.version().toString();
        String statement = step.source().text().replaceAll("\\s+", " ").trim();
        Rebuild prepare = stage(actions, Rebuild.Stage.PREPARE);
        Rebuild copy = stage(actions, Rebuild.Stage.COPY);
        if (prepare == null || copy == null) {
            List<String> notes = new ArrayList<>();
            String runs = actions.stream().filter(a -> a.phase() != Phase.CONTRACT).map(Action::description)
                    .collect(Collectors.joining("; "));
            notes.add(runs.isEmpty() ? "nothing runs before contract" : "not run by the dry run: " + runs);
            actions.stream().filter(a -> a.backfill() != null).findFirst().ifPresent(a -> notes.add("a chunked "
                    + "data change of " + a.backfill().table() + ": a sample would change rows, so none is taken"));
            return new DryRunStep(version, stepNo, step.kind(), statement, false, null, 0, 0, Duration.ZERO, 0, null,
                    List.of(), notes);
        }
        Sample sample = new Sample(clock);
        TableRebuilder.Rehearsal r = executor.rehearse(prepare, copy, sample);
        ProgressMeter.Reading last = sample.meter.latest();
        Duration expected = null;
        long estimate = last == null ? 0 : last.rowsEstimated();
        if (last != null && last.rowsPerSecond() > 0) {
            expected = Duration.ofMillis(Math.round(estimate / last.rowsPerSecond() * 1000));
        } else if (last != null && sample.copiedAll) {
            expected = last.elapsed();
        }
        return new DryRunStep(version, stepNo, step.kind(), statement, r.copied(), prepare.table(), estimate,
                last == null ? 0 : last.rowsDone(), last == null ? Duration.ZERO : last.elapsed(),
                last == null ? 0 : last.rowsPerSecond(), expected, r.blockers(), r.notes());
    }

    private static Rebuild stage(List<Action> actions, Rebuild.Stage stage) {
        return actions.stream().filter(a -> a.rebuild() != null && a.rebuild().stage() == stage).map(Action::rebuild)
                .findFirst().orElse(null);
    }

    /** Counts the sample's chunks and ends the copy when it has enough. */
    private static final class Sample implements Progress {
        private final Clock clock;
        private final ProgressMeter meter;
        private final java.time.Instant started;
        private int chunks;
        private boolean copiedAll;

        Sample(Clock clock) {
            this.clock = clock;
            this.meter = new ProgressMeter(clock, Duration.ofSeconds(1));
            this.started = clock.instant();
        }

        @Override
        public void chunk(String table, String operation, long rowsDone, long estimate, int chunkSize) {
            meter.observe(rowsDone, estimate, chunkSize);
            chunks++;
            copiedAll = rowsDone >= estimate;
            if (chunks >= SAMPLE_CHUNKS || Duration.between(started, clock.instant()).compareTo(SAMPLE_TIME) >= 0) {
                throw new TableRebuilder.SampleTaken();
            }
        }

        @Override
        public void cutOverAttempt(String table, int attempt, List<String> blockers, boolean succeeded, Duration took) {
        }
    }
}
