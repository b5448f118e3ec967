package dev.pitstop;

import java.time.Duration;
import java.util.List;

/**
 * One step of a dry run.
 *
 * @param rehearsed true when the step's online copy was rehearsed on the server
 * @param table the table a rehearsed or chunked step works on; null otherwise
 * @param rowsEstimated the table's estimated rows (catalog or key range); 0 when unknown
 * @param sampleRows rows the rehearsal copied (then dropped with the shadow)
 * @param sampleTook how long the sample took
 * @param rowsPerSecond the sample's smoothed rate
 * @param expectedDuration of the copy at that rate; null when not rehearsed or unknown
 * @param blockers sessions holding locks on the table now: they would hold up the cut-over
 * @param notes refusals migrate would make, cautions, and what was not rehearsed and why
 */
public record DryRunStep(String version, int stepNo, String kind, String statement, boolean rehearsed, String table,
                         long rowsEstimated, long sampleRows, Duration sampleTook, double rowsPerSecond,
                         Duration expectedDuration, List<String> blockers, List<String> notes) {
    public DryRunStep {
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }
}
