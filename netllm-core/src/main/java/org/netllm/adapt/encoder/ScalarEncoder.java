package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Scalar features as one token: {@code (N, k) -> (N, 1, k)}. The linear layer NetLLM applies to scalars is the
 * projection that {@link FeatureEmbedding} puts after every encoder, so this block has no weights.
 */
public final class ScalarEncoder extends AbstractBlock {

    private final int features;

    public ScalarEncoder(int features) {
        this.features = features;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        var x = inputs.head();
        return new NDList(x.reshape(x.getShape().get(0), 1, features)); // (N, 1, k)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, features)};
    }
}
