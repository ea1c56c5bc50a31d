package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/** The committed FCC-only adapter, written before the state definition existed, still decides as it did. */
class CommittedDefaultModelTest {

    /** The NetLLM-state adapter trained on fcc-train only (models/default before the normalised state). */
    private static final Path FCC_ONLY = Path.of("../models/default");

    @Test
    void theFccOnlyAdapterReadsNetllmsStateAndScoresAsBeforeOnFiveValidationTraces() {
        Video video = TestData.envivio();
        List<Trace> traces = TestData.traces("fcc-valid", 5);
        // per-session QoE of this adapter from `netllm abr eval` on the same five traces, run on the code before
        // the state definition was added (commit 9e350f1)
        double[] before = {1.33617021277, 2.74148936170, 2.80531914894, 0.395744680851, 1.41170212766};
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(FCC_ONLY)) {
            assertThat(policy.settings().state()).isEqualTo(AbrStateDefinition.NETLLM);
            for (int i = 0; i < traces.size(); i++) {
                SessionResult session = AbrSession.play(policy.newSession(), traces.get(i), video, 1);
                assertThat(session.qoe()).as(traces.get(i).name()).isCloseTo(before[i], within(1e-9));
            }
        }
    }
}
