package org.netllm.adapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A learned vector per episode timestep (decision-transformer style), added to every token of that step.
 * Timesteps past the table's end share its last row. {@code (B, W) int64 -> (B, W, d)}.
 */
public final class TimestepEmbedding extends AbstractBlock {

    private final int maxTimestep;
    private final int width;
    private final Parameter weight;

    public TimestepEmbedding(int maxTimestep, int width) {
        this.maxTimestep = maxTimestep;
        this.width = width;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxTimestep, width)).optInitializer(new NormalInitializer(0.02f)).build());
    }

    /** Rows in the table. */
    public int maxTimestep() {
        return maxTimestep;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray steps = inputs.head().clip(0, maxTimestep - 1).toType(DataType.INT64, false);
        NDArray table = store.getValue(weight, steps.getDevice(), training);
        return steps.getNDArrayInternal().embedding(steps, table, SparseFormat.DENSE); // (B, W, d)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(width)};
    }
}
