package dev.pitstop.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress a step adds to its checkpoint, as status reads it back. */
class StoredProgressTest {

    @Test
    void progressAddedToACopyCheckpointReadsBack() {
        String checkpoint = "rows=120000;chunk=4000;complete=false;after=118"
                + StoredProgress.format(120_000, 1_000_000, 48_000.4, Duration.ofMillis(18_333), false);

        StoredProgress p = StoredProgress.parse(checkpoint);

        assertThat(p).isEqualTo(new StoredProgress(120_000, 1_000_000, 48_000, Duration.ofMillis(18_333), false));
    }

    @Test
    void aCheckpointOfAnOlderVersionGivesRowsWithoutEstimateOrRate() {
        StoredProgress p = StoredProgress.parse("rows=5000;chunk=1000;complete=false;after=4999");

        assertThat(p.rowsDone()).isEqualTo(5_000);
        assertThat(p.rowsEstimated()).isZero();
        assertThat(p.eta()).isNull();
    }

    @Test
    void aCompleteCopyHasNothingLeft() {
        StoredProgress p = StoredProgress.parse("rows=10;chunk=1000;complete=true;after=10"
                + StoredProgress.format(10, 12, 100, Duration.ofMillis(20), false));

        assertThat(p.rowsEstimated()).isEqualTo(10);
        assertThat(p.eta()).isEqualTo(Duration.ZERO);
    }

    @Test
    void checkpointsThatAreNotChunkProgressAreIgnored() {
        assertThat(StoredProgress.parse(null)).isNull();
        assertThat(StoredProgress.parse("in-place")).isNull();
        assertThat(StoredProgress.parse("rows=abc")).isNull();
    }
}
