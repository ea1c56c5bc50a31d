package org.netllm.adapt.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;

/** Real values squashed into a declared range: {@code low + (tanh(z) + 1) / 2 · (high - low)}. */
public final class BoundedRegressionHead extends NetworkingHead {

    private final HeadSpec.BoundedRegression spec;
    private final Linear values;

    public BoundedRegressionHead(HeadSpec.BoundedRegression spec) {
        this.spec = spec;
        this.values = addChildBlock("values", Linear.builder().setUnits(spec.dims()).build());
    }

    @Override
    public HeadSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = values.forward(store, inputs, training).head(); // (..., k)
        float half = (spec.high() - spec.low()) / 2;
        return new NDList(z.tanh().mul(half).add(spec.low() + half));
    }

    @Override
    public NDArray loss(NDArray output, NDArray labels) {
        return output.sub(labels).square().mean(new int[] {-1});
    }

    @Override
    public NDArray encodeAction(NDArray labels) {
        float half = (spec.high() - spec.low()) / 2;
        return labels.sub(spec.low() + half).div(half);
    }

    @Override
    public float[] greedy(float[] output, ActionMask mask) {
        float[] v = output.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(spec.high(), Math.max(spec.low(), v[i])); // rounding at the range ends only
        }
        return v;
    }

    @Override
    public float[] sample(float[] output, ActionMask mask, Random random) {
        return greedy(output, mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return values.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        values.initialize(manager, dataType, inputShapes);
    }
}
