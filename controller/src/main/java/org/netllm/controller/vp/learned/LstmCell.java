package org.netllm.controller.vp.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One LSTM step (Hochreiter and Schmidhuber's cell with a forget gate), written out so that a decoder can feed each
 * step its own previous output.
 *
 * <p>Dimensions: N examples, F input features, H state width. Input {@code (x (N, F), h (N, H), c (N, H))}; output
 * {@code (h' (N, H), c' (N, H))}.
 */
public final class LstmCell extends AbstractBlock {

    private final int hidden;
    private final Linear gates;

    public LstmCell(int hidden) {
        this.hidden = hidden;
        this.gates = addChildBlock("gates", Linear.builder().setUnits(4L * hidden).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray h = inputs.get(1);
        NDArray c = inputs.get(2);
        NDArray z = gates.forward(store, new NDList(NDArrays.concat(new NDList(x, h), 1)), training).head(); // (N, 4H)
        NDList parts = z.split(4, 1);
        NDArray input = Activation.sigmoid(parts.get(0));
        NDArray forget = Activation.sigmoid(parts.get(1));
        NDArray candidate = parts.get(2).tanh();
        NDArray output = Activation.sigmoid(parts.get(3));
        NDArray cNext = forget.mul(c).add(input.mul(candidate));
        NDArray hNext = output.mul(cNext.tanh());
        return new NDList(hNext, cNext);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape state = new Shape(inputShapes[0].get(0), hidden);
        return new Shape[] {state, state};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gates.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1) + hidden));
    }
}
