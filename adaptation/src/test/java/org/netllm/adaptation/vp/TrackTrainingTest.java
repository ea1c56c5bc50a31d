package org.netllm.adaptation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.vp.Static;
import org.netllm.controller.vp.learned.TrackPredictor;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;

class TrackTrainingTest {

    @Test
    void aShortRunLearnsAndKeepsItsBestValidatedWeights() {
        List<VpSample> validation = VpSamples.of(VpTestData.validation(), 10, 20);
        var settings = new TrackTraining.Settings(16, 10, 20, 150, 32, 1e-3, 50, 3, VpLoss.L1, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrackTraining.Result r = TrackTraining.run(VpTestData.training(), validation, settings, (s, l, n) -> { },
                    manager);
            assertThat(r.validations()).hasSize(3);
            double mae = VpEvaluation.score(new TrackPredictor("track", r.model(), manager), validation, 20).mae();
            assertThat(mae).isFinite().isCloseTo(r.bestMae(), within(1e-4));
            // Trained on two traces for 150 steps it is no worse than holding still by more than a little.
            double still = VpEvaluation.score(new Static(), validation, 20).mae();
            assertThat(mae).isLessThan(still * 1.15);
        }
    }
}
