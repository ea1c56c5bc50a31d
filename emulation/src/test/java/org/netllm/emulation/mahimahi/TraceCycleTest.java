package org.netllm.emulation.mahimahi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;

class TraceCycleTest {

    private final Trace trace = new Trace("t", new double[] {0, 2, 5, 6, 9}, new double[] {7, 1.0, 3.0, 0.5, 2.0});
    private final Video video = new Video("v", new int[] {300, 1200},
            new long[][] {{200_000, 300_000, 250_000, 400_000, 100_000, 600_000}, {1, 2, 3, 4, 5, 6}}, 4.0);

    @Test
    void theCycleAsATraceReplaysLikeTheOriginalFromItsStartPointer() {
        for (int start = 1; start < trace.length(); start++) {
            Trace rotated = TraceCycle.of(trace, start).toTrace();
            AbrSimulator original = new AbrSimulator(trace, video, start);
            AbrSimulator replay = new AbrSimulator(rotated, video, 1);
            while (!original.finished()) {
                assertThat(replay.download(0).delayMs()).isCloseTo(original.download(0).delayMs(), within(1e-6));
            }
        }
    }

    @Test
    void shiftingByWholeSegmentsEqualsALaterStartPointer() {
        TraceCycle fromTwo = TraceCycle.of(trace, 2);
        // segment 2 lasts 3 s: entering 3000 ms later is starting at pointer 3
        Trace shifted = fromTwo.shiftedBy(3000).toTrace();
        AbrSimulator expected = new AbrSimulator(trace, video, 3);
        AbrSimulator actual = new AbrSimulator(shifted, video, 1);
        while (!expected.finished()) {
            assertThat(actual.download(0).delayMs()).isCloseTo(expected.download(0).delayMs(), within(1e-6));
        }
    }

    @Test
    void shiftingInsideASegmentKeepsThePeriodAndTheBytes() {
        TraceCycle cycle = TraceCycle.of(trace, 1);
        TraceCycle shifted = cycle.shiftedBy(3500);

        assertThat(shifted.periodMs()).isCloseTo(cycle.periodMs(), within(1e-9));
        // 3.5 s in: 1.5 s left of segment 2 (3 Mbit/s)
        assertThat(shifted.durationsMs()[0]).isCloseTo(1500, within(1e-9));
        assertThat(shifted.mbps()[0]).isEqualTo(3.0);
        assertThat(PacketDeliveryTrace.fromCycle(shifted).packets())
                .isEqualTo(PacketDeliveryTrace.fromCycle(cycle).packets());
    }
}
