package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynthTraceTest {

    @Test
    void theSameSeedGivesTheSameTracesAndAnotherSeedOthers() {
        List<Trace> a = SynthTrace.WIDE.generate(4, 42);
        List<Trace> b = SynthTrace.WIDE.generate(4, 42);
        List<Trace> c = SynthTrace.WIDE.generate(4, 43);
        for (int i = 0; i < 4; i++) {
            assertThat(a.get(i).mbps()).containsExactly(b.get(i).mbps());
            assertThat(a.get(i).mbps()).isNotEqualTo(c.get(i).mbps());
        }
        assertThat(a.get(3).name()).isEqualTo("synth_0003");
    }

    @Test
    void samplesFollowTheDocumentedRangeAndSwitchingRate() {
        List<Trace> traces = SynthTrace.WIDE.generate(50, 7);
        double min = Double.MAX_VALUE;
        double max = 0;
        int bigJumps = 0;
        int steps = 0;
        for (Trace trace : traces) {
            assertThat(trace.length()).isEqualTo(320);
            assertThat(trace.timesSeconds()[319]).isEqualTo(319.0);
            double[] bw = trace.mbps();
            for (int i = 0; i < bw.length; i++) {
                min = Math.min(min, bw[i]);
                max = Math.max(max, bw[i]);
                if (i > 0) {
                    steps++;
                    // states are 0.644 Mbps apart and noise is at most 10%: a jump of 25% means a switch.
                    if (Math.abs(bw[i] - bw[i - 1]) > 0.25 * Math.max(bw[i], bw[i - 1])) {
                        bigJumps++;
                    }
                }
            }
        }
        assertThat(min).isGreaterThanOrEqualTo(SynthTrace.FLOOR_MBPS).isLessThan(0.3);
        assertThat(max).isGreaterThan(5.5).isLessThan(8.0);
        // A switch every 4 s on average; close states and noise hide some of them.
        assertThat((double) bigJumps / steps).isBetween(0.12, 0.26);
    }
}
