package org.netllm.controller.abr;

import java.util.ArrayList;
import java.util.List;

/** Builds hand-made observations for controller tests. */
final class Observations {

    static final int[] ENVIVIO_KBPS = {300, 750, 1200, 1850, 2850, 4300};

    private Observations() {
    }

    /** A video whose every chunk has the same sizes. */
    static Video uniformVideo(int[] kbps, long[] sizes, int chunks) {
        long[][] bytes = new long[kbps.length][chunks];
        for (int level = 0; level < kbps.length; level++) {
            java.util.Arrays.fill(bytes[level], sizes[level]);
        }
        return new Video("test", kbps, bytes, 4.0);
    }

    /** A history whose chunk i took {@code delaysMs[i]} ms for {@code bytes[i]} bytes, all at {@code level}. */
    static List<ChunkDownload> history(long[] bytes, double[] delaysMs, int level, double bufferMs) {
        List<ChunkDownload> history = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            history.add(new ChunkDownload(i, level, bytes[i], delaysMs[i], 0.0, bufferMs));
        }
        return history;
    }

    /** A history of samples with the given throughputs in MB/s (1 MB over 1000 / mbps ms). */
    static List<ChunkDownload> historyOfThroughputs(double[] mbps, int level, double bufferMs) {
        long[] bytes = new long[mbps.length];
        double[] delays = new double[mbps.length];
        for (int i = 0; i < mbps.length; i++) {
            bytes[i] = 1_000_000L;
            delays[i] = 1000.0 / mbps[i];
        }
        return history(bytes, delays, level, bufferMs);
    }
}
