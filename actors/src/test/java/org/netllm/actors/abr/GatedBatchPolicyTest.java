package org.netllm.actors.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.gate.Gate;
import org.netllm.controller.abr.gate.Hold;

/** In a batch, the gate's rule answers the sessions it allows and the model gets the rest in one call. */
class GatedBatchPolicyTest {

    private static final int[] KBPS = {300, 750, 1200, 1850, 2850, 4300};

    /** A batched stand-in for the model: always level 0, noting each call's sessions and each observed one. */
    private static final class Recording implements BatchAbrPolicy {
        final List<List<String>> calls = new ArrayList<>();
        final List<String> observed = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int[] chooseLevels(List<SessionObservation> batch) {
            calls.add(batch.stream().map(SessionObservation::sessionId).toList());
            return new int[batch.size()];
        }

        @Override
        public void observe(SessionObservation request) {
            observed.add(request.sessionId());
        }

        @Override
        public void forget(String sessionId) {
            forgotten.add(sessionId);
        }
    }

    /** Two chunks fetched at {@code level} in 500 ms each (a steady link), {@code bufferSeconds} buffered. */
    private static AbrObservation observation(int level, double bufferSeconds) {
        long[][] sizes = new long[KBPS.length][48];
        for (int l = 0; l < KBPS.length; l++) {
            Arrays.fill(sizes[l], KBPS[l] * 500L);
        }
        List<ChunkDownload> history = List.of(new ChunkDownload(0, level, 1_000_000L, 500, 0, bufferSeconds * 1000),
                new ChunkDownload(1, level, 1_000_000L, 500, 0, bufferSeconds * 1000));
        return AbrObservation.after(history, new Video("test", KBPS, sizes, 4.0));
    }

    @Test
    void theRuleAnswersTheAllowedSessionsAndTheModelTheRestInOneCall() throws Exception {
        var model = new Recording();
        var gated = BatchAbrPolicy.gated(model, new Hold(), new Gate.Comfort(15, 0.2));
        int[] levels = gated.chooseLevels(List.of(new SessionObservation("a", observation(3, 20)),
                new SessionObservation("b", observation(4, 5)), new SessionObservation("c", observation(2, 5))));
        assertThat(levels).containsExactly(3, 0, 0);
        assertThat(model.calls).containsExactly(List.of("b", "c"));
        assertThat(model.observed).containsExactly("a");
        assertThat(BatchAbrPolicy.gateCounts(gated)).hasValueSatisfying(c -> assertThat(c).containsExactly(1, 2));
        assertThat(gated.name()).isEqualTo("recording|hold@comfort:15.0,0.2");
        gated.forget("a");
        assertThat(model.forgotten).containsExactly("a");
    }

    @Test
    void aBatchTheGateAllowsWhollyNeverCallsTheModel() throws Exception {
        var model = new Recording();
        var gated = BatchAbrPolicy.gated(model, new Hold(), new Gate.Comfort(15, 0.2));
        assertThat(gated.chooseLevels(List.of(new SessionObservation("a", observation(5, 30))))).containsExactly(5);
        assertThat(model.calls).isEmpty();
        assertThat(BatchAbrPolicy.gateCounts(model)).isEmpty();
    }
}
