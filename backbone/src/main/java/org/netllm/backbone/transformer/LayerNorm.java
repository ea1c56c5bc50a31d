package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Layer normalisation over the last axis, {@code (x − mean) / √(var + eps) · weight + bias}, HF names. */
public final class LayerNorm extends AbstractBlock implements Normalization {

    private final int width;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int width, float eps) {
        this.width = width;
        this.eps = eps;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build());
    }

    /** The scale, {@code (d)}. */
    public Parameter weight() {
        return weight;
    }

    /** The shift, {@code (d)}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(width), w, b, eps).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
