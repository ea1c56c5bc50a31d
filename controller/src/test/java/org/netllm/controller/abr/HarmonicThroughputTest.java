package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HarmonicThroughputTest {

    @Test
    void throughputSampleIncludesTheRoundTrip() {
        ChunkDownload download = new ChunkDownload(0, 0, 2_000_000, 1000.0, 0, 0);
        assertThat(download.throughputMBps()).isEqualTo(2.0);
    }

    @Test
    void estimateUsesOnlyTheFirstAvailableSamplesWhenAsked() {
        var history = Observations.historyOfThroughputs(new double[] {1.0, 0.5, 0.25}, 0, 0);
        assertThat(HarmonicThroughput.estimateMBps(history, 1)).isEqualTo(1.0);
        assertThat(HarmonicThroughput.estimateMBps(history, 2)).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(HarmonicThroughput.estimateMBps(history)).isCloseTo(3.0 / 7.0, within(1e-12));
    }
}
