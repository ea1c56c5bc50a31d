package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * Scalar features as one token through a linear layer with ReLU: {@code (N, k) -> (N, 1, F)}.
 *
 * <p>Why the biases start random (as PyTorch's do) and a ReLU follows: the LayerNorm after the projection
 * divides out any common scale, so {@code LN(w·x)} of a zero-bias linear map forgets |x| entirely; random
 * biases and the kink make the feature pattern, not only its size, depend on the value.
 */
public final class ScalarEncoder extends AbstractBlock {

    private final int width;
    private final Linear linear;

    public ScalarEncoder(int width) {
        this.width = width;
        this.linear = addChildBlock("linear", Linear.builder().setUnits(width).build());
        linear.setInitializer(new UniformInitializer(1f), Parameter.Type.BIAS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        var x = inputs.head();
        var features = Activation.relu(linear.forward(store, new NDList(x), training).head()); // (N, F)
        return new NDList(features.reshape(x.getShape().get(0), 1, width)); // (N, 1, F)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, inputShapes[0]);
    }
}
