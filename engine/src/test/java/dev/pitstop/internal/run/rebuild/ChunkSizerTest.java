package dev.pitstop.internal.run.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizerTest {

    @Test
    void aNewTargetChangesTheNextSizesAtTheSameRate() {
        ChunkSizer sizer = new ChunkSizer(Duration.ofMillis(100), 1000);
        sizer.observe(1000, Duration.ofMillis(100));
        assertThat(sizer.size()).isEqualTo(1000);

        sizer.target(Duration.ofMillis(50));
        sizer.observe(1000, Duration.ofMillis(100));

        assertThat(sizer.size()).as("10 rows/ms for 50 ms").isEqualTo(500);
    }

    @Test
    void aLongerTargetGrowsAtMostOneAndAHalfTimesAStep() {
        ChunkSizer sizer = new ChunkSizer(Duration.ofMillis(100), 1000);
        sizer.target(Duration.ofSeconds(1));
        sizer.observe(1000, Duration.ofMillis(100));

        assertThat(sizer.size()).isEqualTo(1500);
    }
}
