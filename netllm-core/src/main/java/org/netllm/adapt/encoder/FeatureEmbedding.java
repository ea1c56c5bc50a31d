package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One input's tokens in the backbone's space: its modality's feature encoder, a linear projection to d, and
 * LayerNorm. {@code arrays -> (N, tokens, d)}.
 */
public final class FeatureEmbedding extends AbstractBlock {

    private final InputSpec spec;
    private final int modelWidth;
    private final Block encoder;
    private final Linear projection;
    private final LayerNorm norm;

    public FeatureEmbedding(InputSpec spec, int modelWidth, EncoderSettings settings) {
        this.spec = spec;
        this.modelWidth = modelWidth;
        var shape = spec.shape();
        this.encoder = addChildBlock("encoder", switch (spec.modality()) {
            case SCALAR -> new ScalarEncoder(settings.scalarWidth());
            case SEQUENCE -> new SequenceEncoder(shape.get(1), settings.sequenceFilters(), settings.sequenceKernel());
            case IMAGE -> new ImageEncoder(shape.get(1), shape.get(2), settings);
            case GRAPH -> new GraphEncoder(settings);
        });
        this.projection = addChildBlock("projection", Linear.builder().setUnits(modelWidth).build());
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    /** The input this embeds. */
    public InputSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        var features = encoder.forward(store, inputs, training); // (N, tokens, F)
        var projected = projection.forward(store, features, training); // (N, tokens, d)
        return norm.forward(store, projected, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape features = encoder.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(features.get(0), features.get(1), modelWidth)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape features = encoder.getOutputShapes(inputShapes)[0];
        projection.initialize(manager, dataType, features);
        norm.initialize(manager, dataType, new Shape(features.get(0), features.get(1), modelWidth));
    }
}
