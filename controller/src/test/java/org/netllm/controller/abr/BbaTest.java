package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BbaTest {

    private static final Bba BBA = Bba.PENSIEVE;

    @Test
    void belowTheReservoirFetchesTheLowestLevel() {
        assertThat(BBA.levelFor(0.0, 5)).isZero();
        assertThat(BBA.levelFor(4.999, 5)).isZero();
    }

    @Test
    void aboveReservoirPlusCushionFetchesTheTopLevel() {
        assertThat(BBA.levelFor(15.0, 5)).isEqualTo(5);
        assertThat(BBA.levelFor(59.0, 5)).isEqualTo(5);
    }

    @Test
    void betweenTheBufferMapsLinearlyOntoTheLadderRoundingDown() {
        assertThat(BBA.levelFor(5.0, 5)).isZero();
        assertThat(BBA.levelFor(7.0, 5)).isEqualTo(1);   // 5 * 2 / 10 = 1.0
        assertThat(BBA.levelFor(10.0, 5)).isEqualTo(2);  // 2.5
        assertThat(BBA.levelFor(14.99, 5)).isEqualTo(4); // 4.995
    }

    @Test
    void theRampStretchesToTheTopOfALongerLadder() {
        assertThat(BBA.levelFor(10.0, 9)).isEqualTo(4);  // 9 * 5 / 10 = 4.5
        assertThat(BBA.levelFor(15.0, 9)).isEqualTo(9);
    }

    @Test
    void chooseLevelReadsTheObservationsBuffer() {
        Video video = Observations.uniformVideo(Observations.ENVIVIO_KBPS, new long[] {1, 2, 3, 4, 5, 6}, 48);
        var history = Observations.historyOfThroughputs(new double[] {1.0}, 0, 12_000.0);
        assertThat(BBA.chooseLevel(AbrObservation.after(history, video))).isEqualTo(3); // 5 * 7 / 10 = 3.5
    }
}
