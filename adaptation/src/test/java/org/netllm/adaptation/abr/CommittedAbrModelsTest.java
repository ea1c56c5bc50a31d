package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/** The committed ABR adapters read the state they were trained with and still decide as they did. */
class CommittedAbrModelsTest {

    @Test
    void theFccOnlyAdapterReadsNetllmsStateAndScoresAsBeforeOnFiveValidationTraces() {
        // models/abr-return (the default until the imitation model) was written before the state definition existed;
        // per-session QoE from `netllm abr eval` on the same five traces, run on the code before the state definition
        // was added (commit 9e350f1)
        assertScoresOnFiveValidationTraces(Path.of("../models/abr-return"), AbrStateDefinition.NETLLM,
                new double[] {1.33617021277, 2.74148936170, 2.80531914894, 0.395744680851, 1.41170212766});
    }

    @Test
    void theSizesAsTimesAdapterReadsItsRecordedStateAndScoresAsWrittenOnFiveValidationTraces() {
        // per-session QoE from `netllm abr eval --traces fcc-valid10 --policies netllm:DIR` right after training
        assertScoresOnFiveValidationTraces(Path.of("../models/sizes-as-times"), AbrStateDefinition.SIZES_AS_TIMES,
                new double[] {1.22127659574, 2.62553191489, 2.62553191489, 0.405319148936, 1.11026462372});
    }

    @Test
    void theLadderRelativeAdapterReadsItsRecordedStateAndScoresAsWrittenOnFiveValidationTraces() {
        // per-session QoE from `netllm abr eval --traces fcc-valid10 --policies netllm:DIR` right after training
        assertScoresOnFiveValidationTraces(Path.of("../models/ladder-relative"), AbrStateDefinition.LADDER_RELATIVE,
                new double[] {1.10638297872, 2.73936170213, 2.80319148936, 0.338297872340, 1.21593607658});
    }

    @Test
    void theImitationDefaultReadsTheLadderRelativeStateAndScoresAsWrittenOnFiveValidationTraces() {
        // per-session QoE from `netllm abr eval --traces fcc-valid --policies netllm:DIR` right after training
        Video video = TestData.envivio();
        double[] qoe = {1.38617021277, 2.98617021277, 3.06914893617, 0.462765957447, 0.762232273339};
        List<Trace> traces = TestData.traces("fcc-valid", qoe.length);
        try (NetllmImitationPolicy policy = NetllmImitationPolicy.load(Path.of("../models/default"))) {
            assertThat(policy.task().state()).isEqualTo(AbrStateDefinition.LADDER_RELATIVE);
            for (int i = 0; i < traces.size(); i++) {
                SessionResult session = AbrSession.play(policy.newSession(), traces.get(i), video, 1);
                assertThat(session.qoe()).as(traces.get(i).name()).isCloseTo(qoe[i], within(1e-9));
            }
        }
    }

    private static void assertScoresOnFiveValidationTraces(Path model, AbrStateDefinition state, double[] qoe) {
        Video video = TestData.envivio();
        List<Trace> traces = TestData.traces("fcc-valid", qoe.length);
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(model)) {
            assertThat(policy.settings().state()).isEqualTo(state);
            for (int i = 0; i < traces.size(); i++) {
                SessionResult session = AbrSession.play(policy.newSession(), traces.get(i), video, 1);
                assertThat(session.qoe()).as(traces.get(i).name()).isCloseTo(qoe[i], within(1e-9));
            }
        }
    }
}
