package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

class AbrSimulatorTest {

    /** A one-level video of {@code chunks} chunks of {@code bytes} each. */
    private static Video video(long bytes, int chunks) {
        long[][] sizes = new long[1][chunks];
        java.util.Arrays.fill(sizes[0], bytes);
        return new Video("flat", new int[] {1000}, sizes, 4.0);
    }

    /** 8 Mbps (10^6 B/s, 950 000 payload bytes per second) sampled every second for {@code seconds} s. */
    private static Trace constant8Mbps(int seconds) {
        double[] t = new double[seconds + 1];
        double[] bw = new double[seconds + 1];
        for (int i = 0; i <= seconds; i++) {
            t[i] = i;
            bw[i] = 8.0;
        }
        return new Trace("8mbps", t, bw);
    }

    @Test
    void aConstantRateLinkDeliversAtNinetyFivePercentPlusTheRoundTrip() {
        AbrSimulator simulator = new AbrSimulator(constant8Mbps(100), video(1_425_000, 48), 1);
        ChunkDownload first = simulator.download(0);
        assertThat(first.delayMs()).isCloseTo(1500.0 + 80.0, within(1e-9)); // 1.425e6 / 0.95e6 = 1.5 s
        assertThat(first.rebufferMs()).isCloseTo(1580.0, within(1e-9));
        assertThat(first.bufferMs()).isEqualTo(4000.0);
        ChunkDownload second = simulator.download(0);
        assertThat(second.rebufferMs()).isZero();
        assertThat(second.bufferMs()).isCloseTo(4000.0 - 1580.0 + 4000.0, within(1e-9));
    }

    @Test
    void aLinkWithAnotherRoundTripPaysItInsteadOfPensievesEighty() {
        AbrSimulator simulator = new AbrSimulator(constant8Mbps(100).withRtt(250.0), video(1_425_000, 48), 1);
        assertThat(simulator.download(0).delayMs()).isCloseTo(1500.0 + 250.0, within(1e-9));
        AbrSimulator scaled = new AbrSimulator(constant8Mbps(100).scaled("4mbps", 0.5), video(1_425_000, 48), 1);
        assertThat(scaled.download(0).delayMs()).isCloseTo(3000.0 + 80.0, within(1e-9));
    }

    @Test
    void aChunkSpanningSegmentsPaysEachSegmentsRate() {
        // 1 s at 8 Mbps (950 000 B), then 16 Mbps (1 900 000 B/s payload): 1 900 000 B need 1 + 0.5 s.
        Trace trace = new Trace("steps", new double[] {0, 1, 2, 3}, new double[] {0, 8, 16, 8});
        AbrSimulator simulator = new AbrSimulator(trace, video(1_900_000, 48), 1);
        assertThat(simulator.download(0).delayMs()).isCloseTo(1580.0, within(1e-9));
        assertThat(simulator.traceTimeSeconds()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void theTraceWrapsToItsStartWithTheClockAtZero() {
        // From t = 0.5: 0.5 s (475 000 B), 1 s (950 000 B), then the wrap replays segment 1 from time 0, a full
        // second (not the 0.5 s it had at the start): the last 575 000 B take 0.575 / 0.95 s.
        Trace trace = new Trace("short", new double[] {0.5, 1, 2}, new double[] {0, 8, 8});
        AbrSimulator simulator = new AbrSimulator(trace, video(2_000_000, 48), 1);
        ChunkDownload download = simulator.download(0);
        assertThat(download.delayMs()).isCloseTo((0.5 + 1.0 + 0.575 / 0.95) * 1000 + 80, within(1e-6));
        assertThat(simulator.pointer()).isEqualTo(1);
        assertThat(simulator.traceTimeSeconds()).isCloseTo(0.575 / 0.95, within(1e-12));
    }

    @Test
    void aBufferAboveSixtySecondsDrainsInHalfSecondStepsWhileTheTraceRunsOn() {
        // 19 000 B take 20 ms, so each chunk adds 4000 - 100 ms: 4000, 7900, ..., 58 600, then 62 500 after the
        // 16th chunk, which drains 2 500 ms to 60 000; the 17th reaches 63 900 and drains 4 000 to 59 900.
        AbrSimulator simulator = new AbrSimulator(constant8Mbps(1000), video(19_000, 48), 1);
        List<ChunkDownload> chunks = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            chunks.add(simulator.download(0));
        }
        assertThat(chunks.get(14).bufferMs()).isCloseTo(58_600.0, within(1e-6));
        assertThat(chunks.get(15).bufferMs()).isCloseTo(60_000.0, within(1e-6));
        assertThat(chunks.get(16).bufferMs()).isCloseTo(59_900.0, within(1e-6));
        // Trace clock: 17 transfers of 20 ms plus 2.5 s and 4 s of waiting (the round trips are not trace time).
        assertThat(simulator.traceTimeSeconds()).isCloseTo(17 * 0.02 + 2.5 + 4.0, within(1e-9));
    }

    @Test
    void rebufferingIsChargedWhenTheBufferRunsDry() {
        // 4 750 000 B at 950 000 B/s: 5 s + 80 ms per chunk; each chunk stalls 1080 ms after the first.
        Video video = video(4_750_000, 3);
        SessionResult result = AbrSession.play(observation -> 0, constant8Mbps(100), video, 1);
        assertThat(result.chunks().get(0).rebufferMs()).isCloseTo(5080.0, within(1e-6));
        assertThat(result.chunks().get(1).rebufferMs()).isCloseTo(1080.0, within(1e-6));
        assertThat(result.chunks().get(2).bufferMs()).isCloseTo(4000.0, within(1e-6));
        assertThat(result.rebufferSeconds()).isCloseTo(2.16, within(1e-9));
        assertThat(result.qoe()).isCloseTo(1.0 - 4.3 * 1.08, within(1e-9)); // chunk 0's stall is not charged
    }

    @Test
    void theFirstChunkIsFetchedAtTheLowestLevelWithoutAskingTheController() {
        List<AbrObservation> seen = new ArrayList<>();
        AbrController recorder = observation -> {
            seen.add(observation);
            return observation.video().topLevel();
        };
        Video video = new Video("two", new int[] {300, 4300}, new long[][] {new long[48], new long[48]}, 4.0);
        for (long[] level : video.chunkBytes()) {
            java.util.Arrays.fill(level, 100_000);
        }
        SessionResult result = AbrSession.play(recorder, constant8Mbps(100), video, 1);
        assertThat(seen).hasSize(47);
        assertThat(seen.get(0).nextChunk()).isEqualTo(1);
        assertThat(seen.get(0).history()).hasSize(1);
        assertThat(result.chunks().get(0).level()).isZero();
        // The switch from 300 to 4300 kbps is charged to chunk 1: (47 * 4.3 - 4.0) / 47.
        assertThat(result.qoe()).isCloseTo((47 * 4.3 - 4.0) / 47, within(1e-9));
    }

    @Test
    void noiseScalesEachDelayByNinetyToOneHundredTenPercent() {
        Trace trace = constant8Mbps(1000);
        Video video = video(1_000_000, 48);
        AbrSimulator clean = new AbrSimulator(trace, video, 1);
        AbrSimulator noisy = new AbrSimulator(trace, video, 1, new SplittableRandom(5));
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int i = 0; i < 40; i++) {
            double ratio = noisy.download(0).delayMs() / clean.download(0).delayMs();
            lowest = Math.min(lowest, ratio);
            highest = Math.max(highest, ratio);
        }
        assertThat(lowest).isBetween(0.9, 0.95);
        assertThat(highest).isBetween(1.05, 1.1);
    }
}
