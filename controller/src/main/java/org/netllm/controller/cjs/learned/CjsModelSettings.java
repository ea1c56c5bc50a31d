package org.netllm.controller.cjs.learned;

import org.netllm.adapt.encoder.EncoderSettings;

/**
 * The CJS model's own sizes, saved with every checkpoint.
 *
 * @param graph          the graph encoder's width and message-passing rounds (the engine's GRAPH modality)
 * @param executors      width of the executor head: counts 1..executors (the cluster's N when trained)
 * @param window         context window w in decisions
 * @param timestepStride decisions per row of the timestep table (a 200-job episode has ~5,000 decisions)
 * @param maxTimestep    rows of the timestep table; later decisions share the last row
 */
public record CjsModelSettings(EncoderSettings graph, int executors, int window, int timestepStride, int maxTimestep) {

    public CjsModelSettings {
        if (executors < 1 || window < 1 || timestepStride < 1 || maxTimestep < 1) {
            throw new IllegalArgumentException("CJS model settings need executors, window, timestep stride and table"
                    + " rows of at least 1, got " + executors + ", " + window + ", " + timestepStride + ", " + maxTimestep);
        }
    }

    /** The defaults for a cluster of {@code executors} executors and a window of {@code window} decisions. */
    public static CjsModelSettings of(int executors, int window) {
        return new CjsModelSettings(EncoderSettings.defaults(), executors, window, 4, 1536);
    }

    /** The timestep-table row of decision {@code decision}. */
    public int timestep(int decision) {
        return Math.min(decision / timestepStride, maxTimestep - 1);
    }
}
