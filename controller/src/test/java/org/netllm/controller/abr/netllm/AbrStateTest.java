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
}
