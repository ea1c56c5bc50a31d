package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A time series as one token through a 1D-CNN, as NetLLM encodes throughput and download-time histories.
 *
 * <p>Dimensions: N examples, C channels, L values, F filters, K kernel width. {@code (N, C, L) -> (N, 1, F·(L-K+1))}.
 */
public final class SequenceEncoder extends AbstractBlock {

    private final int filters;
    private final int outputLength;
    private final Conv1d conv;

    public SequenceEncoder(int length, int filters, int kernel) {
        int k = Math.min(kernel, length);
        this.filters = filters;
        this.outputLength = length - k + 1;
        this.conv = addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(k)).setFilters(filters).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        var x = inputs.head();
        var features = Activation.relu(conv.forward(store, new NDList(x), training).head()); // (N, F, L-K+1)
        return new NDList(features.reshape(x.getShape().get(0), 1, (long) filters * outputLength));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, (long) filters * outputLength)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
    }
}
