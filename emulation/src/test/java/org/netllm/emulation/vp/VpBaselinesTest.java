package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.vp.VpPredictors;

/** The classic baselines on NetLLM's Jin2022 test split reproduce the reference figures computed from its rules. */
class VpBaselinesTest {

    @Test
    void lrAndVelocityReproduceTheReferenceFiguresOnJin2022Test() {
        List<VpSample> samples = VpSamples.of(HeadTraceFiles.read(VpDataSets.dataset("Jin2022"),
                VpSplit.of("Jin2022", VpSplit.Part.TEST)), 10, 20);
        PredictorScore lr = VpEvaluation.score(VpPredictors.byName("lr", null), samples, 20);
        PredictorScore velocity = VpEvaluation.score(VpPredictors.byName("velocity", null), samples, 20);
        assertThat(lr.mae()).isCloseTo(19.47, within(0.005));
        assertThat(velocity.mae()).isCloseTo(17.50, within(0.005));
        // Unwrapping yaw removes the wrap's cost: never worse, here better.
        PredictorScore lrUnwrapped = VpEvaluation.score(VpPredictors.byName("lr-unwrapped", null), samples, 20);
        assertThat(lrUnwrapped.mae()).isLessThan(lr.mae());
        assertThat(lr.stepMae()[19]).isGreaterThan(lr.stepMae()[0]);
    }
}
