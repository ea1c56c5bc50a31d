package org.netllm.controller.abr.netllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

class AbrStateTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};

    private static Video video() {
        long[][] sizes = new long[6][48];
        for (int level = 0; level < 6; level++) {
            for (int chunk = 0; chunk < 48; chunk++) {
                sizes[level][chunk] = (level + 1) * 100_000L + chunk;
            }
        }
        return new Video("test", LADDER, sizes, 4.0);
    }

    @Test
    void featuresAreNormalisedAsPensieveFeedsThem() {
        Video video = video();
        List<ChunkDownload> history = List.of(
                new ChunkDownload(0, 0, 100_000, 500.0, 500.0, 4000.0),
                new ChunkDownload(1, 3, 400_001, 1000.0, 0.0, 7000.0));
        AbrState s = AbrState.of(AbrObservation.after(history, video));

        assertThat(s.lastBitrate()).isCloseTo(1850f / 4300f, within(1e-7f));
        assertThat(s.buffer()).isCloseTo(0.7f, within(1e-7f));
        // 100000 bytes in 500 ms = 0.2 MB/s; 400001 bytes in 1000 ms = 0.400001 MB/s; oldest first, zeros before
        assertThat(s.throughputs()).containsExactly(new float[] {0, 0, 0, 0, 0.2f, 0.400001f}, within(1e-7f));
        assertThat(s.downloadTimes()).containsExactly(new float[] {0, 0, 0, 0, 0.05f, 0.1f}, within(1e-7f));
        // chunk 2's sizes: (level + 1) * 100000 + 2 bytes, in MB
        assertThat(s.nextChunkSizes()).containsExactly(
                new float[] {0.100002f, 0.200002f, 0.300002f, 0.400002f, 0.500002f, 0.600002f}, within(1e-7f));
        assertThat(s.chunksLeft()).isCloseTo(46f / 48f, within(1e-7f));
    }

    @Test
    void historyKeepsOnlyTheLastSixDownloadsOldestFirst() {
        Video video = video();
        List<ChunkDownload> history = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            history.add(new ChunkDownload(k, 0, 1000L * (k + 1), 1000.0, 0.0, 4000.0));
        }
        AbrState s = AbrState.of(AbrObservation.after(history, video));
        // chunk k's throughput is (k + 1) * 1000 bytes / 1000 ms / 1000 = (k + 1) / 1000 MB/s; chunks 4..9 remain
        assertThat(s.throughputs()).containsExactly(new float[] {0.005f, 0.006f, 0.007f, 0.008f, 0.009f, 0.010f},
                within(1e-9f));
        assertThat(s.chunksLeft()).isCloseTo(38f / 48f, within(1e-7f));
        assertThat(s.lastBitrate()).isCloseTo(300f / 4300f, within(1e-7f));
    }

    /** Chunk 0 at level 0 and chunk 1 at level 2 of {@code video}, downloaded in 700 ms and 1500 ms. */
    private static List<ChunkDownload> twoDownloads(Video video) {
        return List.of(
                new ChunkDownload(0, 0, video.chunkBytes(0, 0), 700.0, 700.0, 4000.0),
                new ChunkDownload(1, 2, video.chunkBytes(1, 2), 1500.0, 0.0, 6500.0));
    }

    private static Video scaled(Video video, double factor) {
        int[] ladder = new int[video.levels()];
        long[][] sizes = new long[video.levels()][video.chunkCount()];
        for (int level = 0; level < video.levels(); level++) {
            ladder[level] = (int) Math.round(video.bitratesKbps()[level] * factor);
            for (int chunk = 0; chunk < video.chunkCount(); chunk++) {
                sizes[level][chunk] = Math.round(video.chunkBytes(chunk, level) * factor);
            }
        }
        return new Video("scaled", ladder, sizes, video.chunkSeconds());
    }

    @Test
    void normalisedFeaturesAreDownloadTimesAndLadderPositions() {
        Video video = video();
        List<ChunkDownload> history = List.of(
                new ChunkDownload(0, 0, 100_000, 500.0, 500.0, 4000.0),
                new ChunkDownload(1, 3, 400_001, 1000.0, 0.0, 7000.0));
        AbrState s = AbrState.normalised(AbrObservation.after(history, video));

        assertThat(s.lastBitrate()).isCloseTo(3f / 5f, within(1e-7f));
        // 7 s of buffer in 4 s chunks = 1.75 chunks, / 10
        assertThat(s.buffer()).isCloseTo(0.175f, within(1e-7f));
        // 0.2 MB/s = 1600 kbps, 0.400001 MB/s = 3200.008 kbps, on the log scale of 300..4300 kbps
        double span = Math.log(4300.0 / 300.0);
        float p1 = (float) (Math.log(1600.0 / 300.0) / span);
        float p2 = (float) (Math.log(3200.008 / 300.0) / span);
        assertThat(s.throughputs()).containsExactly(new float[] {p1, p1, p1, p1, p1, p2}, within(1e-6f));
        assertThat(s.downloadTimes()).containsExactly(new float[] {0, 0, 0, 0, 0.125f, 0.25f}, within(1e-7f));
        // harmonic mean of 1600 and 3200.008 kbps; chunk 2 at level L is (L + 1) * 100000 + 2 bytes
        double estimate = 2.0 / (1 / 1600.0 + 1 / 3200.008);
        for (int level = 0; level < 6; level++) {
            double seconds = ((level + 1) * 100_000.0 + 2) * 8 / 1000 / estimate;
            assertThat(s.nextChunkSizes()[level]).isCloseTo((float) (seconds / 4.0), within(1e-6f));
        }
        assertThat(s.chunksLeft()).isCloseTo(46f / 48f, within(1e-7f));
    }

    @Test
    void normalisedStateIsTheSameOnAScaledLadderOverAProportionallyFasterLink() {
        // A ladder 2.5x higher streamed over a link 2.5x faster: the same session in other units. NetLLM's state
        // changes (sizes and throughputs 2.5x); the normalised one does not, so the model meets nothing new.
        Video video = video();
        Video high = scaled(video, 2.5);
        List<ChunkDownload> slow = twoDownloads(video);
        List<ChunkDownload> fast = twoDownloads(high);
        AbrState a = AbrState.normalised(AbrObservation.after(slow, video));
        AbrState b = AbrState.normalised(AbrObservation.after(fast, high));
        assertThat(b.throughputs()).containsExactly(a.throughputs(), within(1e-4f));
        assertThat(b.nextChunkSizes()).containsExactly(a.nextChunkSizes(), within(1e-5f));
        assertThat(b.downloadTimes()).containsExactly(a.downloadTimes(), within(1e-7f));
        assertThat(b.lastBitrate()).isEqualTo(a.lastBitrate());
        assertThat(b.buffer()).isEqualTo(a.buffer());
        assertThat(AbrState.of(AbrObservation.after(fast, high)).nextChunkSizes()[5])
                .isCloseTo(2.5f * AbrState.of(AbrObservation.after(slow, video)).nextChunkSizes()[5], within(1e-3f));
    }

    @Test
    void normalisedDownloadTimesAreCappedOnAStalledLink() {
        Video video = video();
        // 1000 bytes in 100 s: 0.08 kbps, far below the lowest level
        List<ChunkDownload> history = List.of(new ChunkDownload(0, 0, 1000, 100_000.0, 100_000.0, 0.0));
        AbrState s = AbrState.normalised(AbrObservation.after(history, video));
        assertThat(s.nextChunkSizes()).containsOnly((float) AbrState.DOWNLOAD_CAP);
        assertThat(s.throughputs()).containsOnly((float) AbrState.POSITION_MIN);
        assertThat(s.downloadTimes()[AbrState.HISTORY - 1]).isEqualTo((float) AbrState.DOWNLOAD_CAP);
    }

    @Test
    void sizesAsTimesKeepsNetllmsTokensAndMakesOnlyTheSizesLadderFree() {
        Video video = video();
        Video high = scaled(video, 2.5);
        List<ChunkDownload> history = twoDownloads(video);
        AbrObservation observation = AbrObservation.after(history, video);
        AbrState netllm = AbrState.of(observation);
        AbrState timed = AbrStateDefinition.parse("sizes-as-times").features(observation);
        assertThat(timed.lastBitrate()).isEqualTo(netllm.lastBitrate());
        assertThat(timed.buffer()).isEqualTo(netllm.buffer());
        assertThat(timed.throughputs()).containsExactly(netllm.throughputs());
        assertThat(timed.downloadTimes()).containsExactly(netllm.downloadTimes());
        assertThat(timed.chunksLeft()).isEqualTo(netllm.chunksLeft());
        assertThat(timed.nextChunkSizes()).containsExactly(AbrState.normalised(observation).nextChunkSizes());
        // the same link with a 2.5x ladder: each level takes 2.5x as long, whatever the link's units
        AbrState onHigh = AbrState.sizesAsTimes(AbrObservation.after(history, high));
        for (int level = 0; level < video.levels(); level++) {
            assertThat(onHigh.nextChunkSizes()[level]).isCloseTo(2.5f * timed.nextChunkSizes()[level], within(1e-4f));
        }
        // its return-to-go is counted in QoE, as NetLLM's
        assertThat(AbrStateDefinition.SIZES_AS_TIMES.reward(1.5, high)).isEqualTo(1.5);
        assertThat(AbrStateDefinition.SIZES_AS_TIMES.label()).isEqualTo("sizes-as-times");
    }

    @Test
    void ladderRelativeStateReadsTheLinkOverTheTopBitrateAndIsTheSameOnAScaledLadderOverAScaledLink() {
        Video video = video();
        List<ChunkDownload> history = twoDownloads(video);
        AbrObservation observation = AbrObservation.after(history, video);
        AbrState timed = AbrState.sizesAsTimes(observation);
        AbrState relative = AbrStateDefinition.parse("ladder-relative").features(observation);
        // 1 MB/s is 8000 kbps, here over the 4300 kbps top bitrate; empty slots stay zero
        for (int i = 0; i < AbrState.HISTORY; i++) {
            assertThat(relative.throughputs()[i]).isCloseTo(timed.throughputs()[i] * 8000f / 4300f, within(1e-6f));
        }
        assertThat(relative.throughputs()[0]).isZero();
        assertThat(relative.lastBitrate()).isEqualTo(timed.lastBitrate());
        assertThat(relative.buffer()).isEqualTo(timed.buffer());
        assertThat(relative.downloadTimes()).containsExactly(timed.downloadTimes());
        assertThat(relative.nextChunkSizes()).containsExactly(timed.nextChunkSizes());
        assertThat(relative.chunksLeft()).isEqualTo(timed.chunksLeft());
        // a 2.5x ladder over a 2.5x link: every token as on the original ladder (NetLLM's throughputs grow 2.5x)
        Video high = scaled(video, 2.5);
        AbrState onHigh = AbrState.ladderRelative(AbrObservation.after(twoDownloads(high), high));
        assertThat(onHigh.throughputs()).containsExactly(relative.throughputs(), within(1e-4f));
        assertThat(onHigh.nextChunkSizes()).containsExactly(relative.nextChunkSizes(), within(1e-5f));
        assertThat(onHigh.downloadTimes()).containsExactly(relative.downloadTimes(), within(1e-7f));
        assertThat(onHigh.lastBitrate()).isCloseTo(relative.lastBitrate(), within(1e-6f));
        assertThat(onHigh.buffer()).isEqualTo(relative.buffer());
        assertThat(AbrStateDefinition.LADDER_RELATIVE.reward(1.5, high)).isEqualTo(1.5);
    }
}
