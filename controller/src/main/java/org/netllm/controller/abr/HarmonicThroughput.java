package org.netllm.controller.abr;

import java.util.List;

/**
 * The harmonic mean of the most recent per-chunk throughput samples, the estimator of MPC, RobustMPC and the
 * rate-based rule (robust to a single fast outlier, unlike the arithmetic mean).
 */
public final class HarmonicThroughput {

    /** How many recent samples MPC-style estimators average. */
    public static final int WINDOW = 5;

    private HarmonicThroughput() {
    }

    /** Harmonic mean in MB/s of the last {@link #WINDOW} samples of the whole history. */
    public static double estimateMBps(List<ChunkDownload> history) {
        return estimateMBps(history, history.size());
    }

    /**
     * Harmonic mean in MB/s of the last {@link #WINDOW} samples among the first {@code available} downloads, i.e.
     * the estimate a controller made when only those had arrived.
     */
    public static double estimateMBps(List<ChunkDownload> history, int available) {
        if (available < 1 || available > history.size()) {
            throw new IllegalArgumentException("need 1.." + history.size() + " samples, asked for " + available);
        }
        int from = Math.max(0, available - WINDOW);
        double inverseSum = 0.0;
        for (int i = from; i < available; i++) {
            inverseSum += 1.0 / history.get(i).throughputMBps();
        }
        // Pensieve's order of operations (1 / (sum / n)), kept so estimates agree to the last bit.
        return 1.0 / (inverseSum / (available - from));
    }
}
