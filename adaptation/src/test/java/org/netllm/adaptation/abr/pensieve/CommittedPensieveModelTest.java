package org.netllm.adaptation.abr.pensieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import org.netllm.adaptation.abr.TestData;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.Trace;

/** The committed Pensieve actor loads by its name and decides as it did when it was trained. */
class CommittedPensieveModelTest {

    private static final AbrPolicyRegistry REGISTRY =
            new AbrPolicyRegistry(Path.of("../models/default"), ModelOptions.DEFAULT);

    @Test
    void pensieveIsTheCommittedActorAndScoresItsFiguresOnFiveValidationTraces() {
        Video video = TestData.envivio();
        List<Trace> traces = TestData.traces("fcc-valid", 5);
        // per-session QoE from `netllm abr eval --traces DIR --policies pensieve`, DIR = the first five fcc-valid traces
        double[] expected = {1.20744680851, 2.56276595745, 2.57659574468, 0.280851063830, 1.28729575474};
        AbrPolicy policy = REGISTRY.online("pensieve");
        try (PensievePolicy pensieve = (PensievePolicy) policy) {
            assertThat(pensieve.name()).isEqualTo("pensieve");
            for (int i = 0; i < traces.size(); i++) {
                assertThat(AbrSession.play(pensieve.newSession(), traces.get(i), video, 1).qoe())
                        .as(traces.get(i).name()).isCloseTo(expected[i], within(1e-9));
            }
        }
    }
}
