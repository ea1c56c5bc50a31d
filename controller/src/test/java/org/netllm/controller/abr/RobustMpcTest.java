package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustMpcTest {

    @Test
    void thereIsNoErrorAtTheFirstDecision() {
        var history = Observations.historyOfThroughputs(new double[] {0.8}, 0, 0);
        assertThat(RobustMpc.maxRecentError(history)).isZero();
        assertThat(RobustMpc.discountedEstimateMBps(history)).isEqualTo(0.8);
    }

    @Test
    void theEstimateIsDiscountedByTheLastForecastsRelativeError() {
        // Forecast after chunk 0: 1.0 MB/s; chunk 1 measured 0.5: error |1.0 - 0.5| / 0.5 = 1.
        // Harmonic mean of (1.0, 0.5) = 2/3, discounted by 1 + 1: 1/3.
        var history = Observations.historyOfThroughputs(new double[] {1.0, 0.5}, 0, 0);
        assertThat(RobustMpc.maxRecentError(history)).isCloseTo(1.0, within(1e-12));
        assertThat(RobustMpc.discountedEstimateMBps(history)).isCloseTo(1.0 / 3.0, within(1e-12));
    }

    @Test
    void onlyTheLastFiveDecisionsErrorsCount() {
        // The 1.0 -> 0.1 drop at the second decision gives error 9; five steady decisions later it has aged out.
        double[] samples = {1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        var early = Observations.historyOfThroughputs(java.util.Arrays.copyOf(samples, 6), 0, 0);
        assertThat(RobustMpc.maxRecentError(early)).isCloseTo(9.0, within(1e-9));
        // With 7 samples the window holds the decisions taken with 3..7 downloads; the largest error is the
        // third's, whose forecast (harmonic mean of 1.0 and 0.1 = 2/11) still remembers the fast start.
        var later = Observations.historyOfThroughputs(java.util.Arrays.copyOf(samples, 7), 0, 0);
        assertThat(RobustMpc.maxRecentError(later)).isCloseTo((2 / 11.0 - 0.1) / 0.1, within(1e-9));
        var steady = Observations.historyOfThroughputs(samples, 0, 0);
        assertThat(RobustMpc.maxRecentError(steady)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aDiscountedEstimateChoosesALowerLevelThanMpc() {
        Video video = Observations.uniformVideo(Observations.ENVIVIO_KBPS,
                new long[] {150_000, 375_000, 600_000, 925_000, 1_425_000, 2_150_000}, 48);
        var history = Observations.historyOfThroughputs(new double[] {2.0, 0.6, 0.6, 0.6}, 3, 6000.0);
        AbrObservation observation = AbrObservation.after(history, video);
        assertThat(RobustMpc.PENSIEVE.chooseLevel(observation)).isLessThan(Mpc.PENSIEVE.chooseLevel(observation));
    }
}
