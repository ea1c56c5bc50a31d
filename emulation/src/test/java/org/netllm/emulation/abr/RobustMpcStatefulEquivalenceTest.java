package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.HarmonicThroughput;
import org.netllm.controller.abr.MpcLookahead;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;

/** The stateless RobustMPC against Pensieve's stateful bookkeeping: one forecast and one error per decision. */
class RobustMpcStatefulEquivalenceTest {

    /** Records the forecast at each decision and, from the second decision on, the error it made. */
    private static final class StatefulRobustMpc implements AbrController {

        final List<Double> forecasts = new ArrayList<>();
        final List<Double> errors = new ArrayList<>();

        @Override
        public int chooseLevel(AbrObservation observation) {
            List<ChunkDownload> history = observation.history();
            double sample = history.get(history.size() - 1).throughputMBps();
            if (!forecasts.isEmpty()) {
                errors.add(Math.abs(forecasts.get(forecasts.size() - 1) - sample) / sample);
            }
            double forecast = HarmonicThroughput.estimateMBps(history);
            forecasts.add(forecast);
            double maxError = 0;
            for (int i = Math.max(0, errors.size() - 5); i < errors.size(); i++) {
                maxError = Math.max(maxError, errors.get(i));
            }
            double discounted = forecast / (1 + maxError);
            assertThat(RobustMpc.discountedEstimateMBps(history)).isEqualTo(discounted);
            return MpcLookahead.bestFirstLevel(observation, discounted, QoeModel.LINEAR, MpcLookahead.HORIZON);
        }
    }

    @Test
    void statelessErrorsEqualThoseRecordedOncePerDecision() {
        Video video = DataSets.envivio();
        for (Trace trace : DataSets.traces("fcc-test", 10)) {
            StatefulRobustMpc stateful = new StatefulRobustMpc();
            SessionResult reference = AbrSession.play(stateful, trace, video, 1);
            SessionResult stateless = AbrSession.play(RobustMpc.PENSIEVE.newSession(), trace, video, 1);
            assertThat(OfflineOptimal.levelsOf(stateless)).containsExactly(OfflineOptimal.levelsOf(reference));
            assertThat(stateful.errors).hasSize(46);
        }
    }
}
