package org.netllm.controller.vp.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * TRACK's position branch (Rondón et al. 2022) without the saliency branch: a sequence-to-sequence LSTM. The
 * encoder reads the history's {@link HistoryFeatures}; the decoder starts from the encoder's state and the last
 * sample, and each step reads its own previous position (offset from the last sample) and motion, and outputs a
 * residual: the next position is the previous one plus the step's predicted change, as TRACK's decoder does. It
 * never sees a future sample (NetLLM's port feeds the first future sample to the decoder; this does not).
 *
 * <p>Dimensions: N examples, T history steps, F = {@value HistoryFeatures#WIDTH} features, P future steps, H state
 * width. Input {@code (N, T, F)}; output {@code (N, P, 3)}: offsets from the last sample in
 * {@link HistoryFeatures#TARGET_SCALE} units.
 */
public final class TrackModel extends AbstractBlock {

    private final int hidden;
    private final int pw;
    private final LstmCell encoder;
    private final LstmCell decoder;
    private final Linear residual;

    /**
     * @param hidden LSTM state width
     * @param pw     future steps {@link #forward} rolls out ({@link #rollout} takes any)
     */
    public TrackModel(int hidden, int pw) {
        this.hidden = hidden;
        this.pw = pw;
        this.encoder = addChildBlock("encoder", new LstmCell(hidden));
        this.decoder = addChildBlock("decoder", new LstmCell(hidden));
        this.residual = addChildBlock("residual", Linear.builder().setUnits(3).build());
    }

    public int hidden() {
        return hidden;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(rollout(store, inputs.head(), pw, training));
    }

    /** The next {@code steps} offsets {@code (N, steps, 3)} from history features {@code (N, T, F)}. */
    public NDArray rollout(ParameterStore store, NDArray features, int steps, boolean training) {
        long n = features.getShape().get(0);
        long t = features.getShape().get(1);
        NDManager m = features.getManager();
        NDArray h = m.zeros(new Shape(n, hidden));
        NDArray c = m.zeros(new Shape(n, hidden));
        for (long i = 0; i < t; i++) {
            NDList state = encoder.forward(store, new NDList(features.get(":, " + i + ", :"), h, c), training);
            h = state.get(0);
            c = state.get(1);
        }
        // In feature units: offsets over OFFSET_SCALE, changes over STEP_SCALE; the last sample is offset 0.
        NDArray position = m.zeros(new Shape(n, 3)); // (N, 3)
        NDArray motion = features.get(":, " + (t - 1) + ", 3:6"); // (N, 3)
        NDList outputs = new NDList();
        double stepToOffset = HistoryFeatures.STEP_SCALE / HistoryFeatures.OFFSET_SCALE;
        for (int k = 0; k < steps; k++) {
            NDList state = decoder.forward(store, new NDList(NDArrays.concat(new NDList(position, motion), 1), h, c),
                    training);
            h = state.get(0);
            c = state.get(1);
            motion = residual.forward(store, new NDList(h), training).head(); // (N, 3) change in STEP_SCALE units
            position = position.add(motion.mul(stepToOffset));
            outputs.add(position.expandDims(1));
        }
        NDArray offsets = NDArrays.concat(outputs, 1); // (N, P, 3) in OFFSET_SCALE units
        return offsets.mul(HistoryFeatures.OFFSET_SCALE / HistoryFeatures.TARGET_SCALE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), pw, 3)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long f = inputShapes[0].get(2);
        Shape state = new Shape(n, hidden);
        encoder.initialize(manager, dataType, new Shape(n, f), state, state);
        decoder.initialize(manager, dataType, new Shape(n, 6), state, state);
        residual.initialize(manager, dataType, state);
    }
}
