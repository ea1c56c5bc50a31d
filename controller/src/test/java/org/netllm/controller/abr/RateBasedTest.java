package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateBasedTest {

    private final Video video = Observations.uniformVideo(Observations.ENVIVIO_KBPS, new long[] {1, 2, 3, 4, 5, 6}, 48);

    private int choose(double... mbps) {
        return new RateBased().chooseLevel(AbrObservation.after(Observations.historyOfThroughputs(mbps, 0, 0), video));
    }

    @Test
    void picksTheHighestBitrateAtOrBelowTheEstimateInKbps() {
        assertThat(choose(0.2)).isEqualTo(2);      // 1600 kbps: 1200 fits, 1850 does not
        assertThat(choose(0.35625)).isEqualTo(4);  // exactly 2850 kbps fits
        assertThat(choose(1.0)).isEqualTo(5);      // 8000 kbps
    }

    @Test
    void fallsBackToTheLowestLevelWhenNothingFits() {
        assertThat(choose(0.01)).isZero();         // 80 kbps
    }

    @Test
    void averagesTheLastFiveSamplesHarmonically() {
        // harmonic mean of 1.0 and 0.25 MB/s is 0.4 MB/s = 3200 kbps (level 4); the arithmetic mean would be 5000.
        assertThat(choose(1.0, 0.25)).isEqualTo(4);
        // a sixth, older sample is outside the window: 0.01 MB/s would drag the estimate to level 0.
        assertThat(choose(0.01, 1, 1, 1, 1, 1)).isEqualTo(5);
    }
}
