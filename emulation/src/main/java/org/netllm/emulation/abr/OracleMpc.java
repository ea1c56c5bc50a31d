package org.netllm.emulation.abr;

import java.util.Arrays;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * MPC with the true future: every level sequence over the next {@code horizon} chunks is played in the session's own
 * simulator from its exact state (so download times are the ones the trace will give, stalls and the buffer cap
 * included), and each level of the next chunk is valued by the best QoE_lin sum of a sequence starting with it.
 *
 * <p>A depth-first search per first level skips a subtree once its prefix plus the top bitrate for every remaining
 * chunk (an upper bound: stalls and switches only subtract) cannot beat the best sequence found, so the values are
 * exact, the same as a full enumeration. Like MPC it is myopic: nothing values the buffer left at the horizon.
 * Pure and threadsafe.
 *
 * @param horizon how many chunks it plans, the next one included (the session's end cuts it short)
 */
public record OracleMpc(int horizon) implements AbrExpert {

    public static final String NAME = "oracle-mpc";
    public static final int DEFAULT_HORIZON = 5;
    /** Beyond this the search (6^H sequences at worst) is too slow to be worth a name. */
    public static final int MAX_HORIZON = 8;

    private static final QoeModel QOE = QoeModel.LINEAR;

    public OracleMpc {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("oracle MPC horizon must be 1.." + MAX_HORIZON + ", got " + horizon);
        }
    }

    @Override
    public String name() {
        return NAME + ":" + horizon;
    }

    @Override
    public double[] levelValues(Trace trace, Video video, AbrSimulator.State state, int lastLevel) {
        int h = Math.min(horizon, video.chunkCount() - state.nextChunk());
        AbrSimulator simulator = new AbrSimulator(trace, video, state.pointer());
        double top = 0;
        for (int level = 0; level < video.levels(); level++) {
            top = Math.max(top, video.bitrateMbps(level));
        }
        double[] values = new double[video.levels()];
        Arrays.fill(values, Double.NEGATIVE_INFINITY);
        for (int first = 0; first < video.levels(); first++) {
            simulator.restore(state);
            double q = chunkQoe(simulator, video, first, lastLevel);
            values[first] = h == 1 ? q : best(simulator, video, simulator.state(), first, h - 1, q, top,
                    Double.NEGATIVE_INFINITY);
        }
        return values;
    }

    /**
     * The best total over {@code remaining} more chunks from {@code from}, or {@code bestSoFar} when no sequence
     * beats it.
     */
    private static double best(AbrSimulator simulator, Video video, AbrSimulator.State from, int lastLevel,
                               int remaining, double prefix, double top, double bestSoFar) {
        double best = bestSoFar;
        // Higher levels first: on most states they score best, which makes the bound prune earlier.
        for (int level = video.levels() - 1; level >= 0; level--) {
            simulator.restore(from);
            double total = prefix + chunkQoe(simulator, video, level, lastLevel);
            if (remaining == 1) {
                best = Math.max(best, total);
            } else if (total + (remaining - 1) * top > best) {
                best = best(simulator, video, simulator.state(), level, remaining - 1, total, top, best);
            }
        }
        return best;
    }

    private static double chunkQoe(AbrSimulator simulator, Video video, int level, int lastLevel) {
        ChunkDownload download = simulator.download(level);
        return QOE.chunkQoe(video.bitrateMbps(level), video.bitrateMbps(lastLevel), download.rebufferMs() / 1000.0);
    }
}
