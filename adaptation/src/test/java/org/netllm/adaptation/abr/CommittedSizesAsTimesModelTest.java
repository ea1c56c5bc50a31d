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

/** The committed sizes-as-times adapter loads with its own state and decides as it did when it was written. */
class CommittedSizesAsTimesModelTest {

    private static final Path SIZES_AS_TIMES = Path.of("../models/sizes-as-times");

    @Test
    void theSizesAsTimesAdapterReadsItsRecordedStateAndScoresAsWrittenOnFiveValidationTraces() {
        Video video = TestData.envivio();
        List<Trace> traces = TestData.traces("fcc-valid", 5);
        // per-session QoE from `netllm abr eval --traces fcc-valid10 --policies netllm:DIR` right after training
        double[] written = {1.22127659574, 2.62553191489, 2.62553191489, 0.405319148936, 1.11026462372};
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(SIZES_AS_TIMES)) {
            assertThat(policy.settings().state()).isEqualTo(AbrStateDefinition.SIZES_AS_TIMES);
            for (int i = 0; i < traces.size(); i++) {
                SessionResult session = AbrSession.play(policy.newSession(), traces.get(i), video, 1);
                assertThat(session.qoe()).as(traces.get(i).name()).isCloseTo(written[i], within(1e-9));
            }
        }
    }
}
