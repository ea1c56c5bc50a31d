package org.netllm.controller.abr;

/**
 * MPC's exhaustive lookahead (Yin et al., SIGCOMM 2015, as in Pensieve's {@code mpc.py}): over every sequence of
 * levels for the next {@code h} chunks, simulate the buffer under a fixed throughput estimate and return the first
 * level of the best-scoring sequence; among equal scores the lexicographically last sequence wins (the reference
 * keeps the last maximum it meets while enumerating in lexicographic order).
 *
 * <p>The answer equals that full enumeration bit for bit, but far fewer sequences are scored: a depth-first
 * search shares every prefix's simulation (the same floating-point operations in the same order as scoring the
 * whole sequence) and visits sequences in descending lexicographic order, so a later sequence only needs a
 * strictly greater score to win and a subtree can be skipped once an optimistic bound on its score is no greater
 * than the best so far. The bound keeps the prefix's rebuffering and smoothness cost and assumes the top bitrate
 * for every remaining chunk; since rebuffering and smoothness only grow and every operation in the score is
 * monotone in floating point too, the bound never under-estimates a score, so pruning never changes the answer.
 * This class is threadsafe (it holds no state).
 */
public final class MpcLookahead {

    /** How many chunks ahead MPC plans. */
    public static final int HORIZON = 5;

    private MpcLookahead() {
    }

    /** The first level of the best plan for {@code observation} under the throughput estimate {@code estimateMBps}. */
    public static int bestFirstLevel(AbrObservation observation, double estimateMBps, QoeModel qoe, int horizon) {
        Video video = observation.video();
        int h = Math.min(horizon, observation.chunksLeft());
        double[][] downloadSeconds = downloadSeconds(observation, estimateMBps, h);
        return bestFirstLevel(downloadSeconds, video.bitratesKbps(), observation.bufferSeconds(),
                observation.lastLevel(), video.chunkSeconds(), qoe);
    }

    /** {@code [position][level]}: seconds to fetch chunk {@code nextChunk + position} at the estimate. */
    static double[][] downloadSeconds(AbrObservation observation, double estimateMBps, int h) {
        Video video = observation.video();
        double[][] seconds = new double[h][video.levels()];
        for (int position = 0; position < h; position++) {
            for (int level = 0; level < video.levels(); level++) {
                // bytes / 1e6 then / estimate: the reference's order of operations, for identical rounding.
                seconds[position][level] = video.chunkBytes(observation.nextChunk() + position, level) / 1e6
                        / estimateMBps;
            }
        }
        return seconds;
    }

    /**
     * The search itself. {@code downloadSeconds[position][level]} are the planned download times, one row per
     * chunk of the horizon.
     */
    static int bestFirstLevel(double[][] downloadSeconds, int[] kbps, double bufferSeconds, int lastLevel,
                              double chunkSeconds, QoeModel qoe) {
        int h = downloadSeconds.length;
        int levels = kbps.length;
        long topKbps = 0;
        for (int rate : kbps) {
            topKbps = Math.max(topKbps, rate);
        }
        double[] buffer = new double[h + 1];
        double[] rebuffer = new double[h + 1];
        long[] bitrateSum = new long[h + 1];
        long[] smoothSum = new long[h + 1];
        int[] levelAt = new int[h + 1];
        int[] nextToTry = new int[h];
        buffer[0] = bufferSeconds;
        levelAt[0] = lastLevel;
        double best = Double.NEGATIVE_INFINITY;
        int bestFirst = levels - 1;
        int depth = 0;
        nextToTry[0] = levels;
        while (depth >= 0) {
            int level = --nextToTry[depth];
            if (level < 0) {
                depth--;
                continue;
            }
            double download = downloadSeconds[depth][level];
            double buf = buffer[depth];
            int child = depth + 1;
            rebuffer[child] = rebuffer[depth] + Math.max(download - buf, 0.0);
            buffer[child] = Math.max(buf - download, 0.0) + chunkSeconds;
            bitrateSum[child] = bitrateSum[depth] + kbps[level];
            smoothSum[child] = smoothSum[depth] + Math.abs(kbps[level] - kbps[levelAt[depth]]);
            levelAt[child] = level;
            if (child == h) {
                double score = score(bitrateSum[child], rebuffer[child], smoothSum[child], qoe);
                if (score > best) {
                    best = score;
                    bestFirst = levelAt[1];
                }
            } else {
                long optimisticBitrate = bitrateSum[child] + (h - child) * topKbps;
                if (score(optimisticBitrate, rebuffer[child], smoothSum[child], qoe) > best) {
                    depth = child;
                    nextToTry[depth] = levels;
                }
            }
        }
        return bestFirst;
    }

    /** The plan's score in the reference's order of operations. */
    static double score(long bitrateSumKbps, double rebufferSeconds, long smoothSumKbps, QoeModel qoe) {
        return bitrateSumKbps / 1000.0 - qoe.rebufferPenaltyPerSecond() * rebufferSeconds
                - qoe.smoothnessPenalty() * (smoothSumKbps / 1000.0);
    }
}
