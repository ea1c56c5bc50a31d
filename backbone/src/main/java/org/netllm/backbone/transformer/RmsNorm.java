package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Root-mean-square normalisation (Llama family): {@code weight · x / √(mean(x²) + eps)}, no shift. */
public final class RmsNorm extends AbstractBlock implements Normalization {

    private final float eps;
    private final Parameter weight;

    public RmsNorm(float eps) {
        this.eps = eps;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
    }

    /** The scale, {@code (d)}. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray meanSquare = x.square().mean(new int[] {-1}, true); // (..., 1)
        return x.div(meanSquare.add(eps).sqrt()).mul(w);
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
