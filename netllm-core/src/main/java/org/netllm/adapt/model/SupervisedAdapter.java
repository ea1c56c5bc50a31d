package org.netllm.adapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.backbone.Backbone;

/**
 * The supervised pipeline: a step's inputs become tokens, the backbone reads them, and the head answers from the
 * last token's state (which, under causal attention, has seen every input).
 *
 * <p>Dimensions: N examples, S tokens, d width. Input: the encoder's arrays; output {@code (N, outputWidth)}.
 */
public final class SupervisedAdapter extends AbstractBlock implements AdaptedModel {

    private final MultimodalEncoder encoder;
    private final Backbone backbone;
    private final NetworkingHead head;

    public SupervisedAdapter(MultimodalEncoder encoder, Backbone backbone, NetworkingHead head) {
        this.encoder = addChildBlock("encoder", encoder);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
    }

    @Override
    public MultimodalEncoder encoder() {
        return encoder;
    }

    @Override
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public NetworkingHead head() {
        return head;
    }

    /** Initialises the encoder and head (the backbone arrives initialised) for batches of one. */
    public SupervisedAdapter initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, encoder.batchShapes(1));
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray tokens = encoder.forward(store, inputs, training).head(); // (N, S, d)
        NDArray hidden = backbone.forward(store, new NDList(tokens), training).head(); // (N, S, d)
        long s = tokens.getShape().get(1);
        NDArray last = hidden.get(":, " + (s - 1) + ", :"); // (N, d)
        return head.forward(store, new NDList(last), training); // (N, outputWidth)
    }

    @Override
    public NDArray loss(ParameterStore store, TrainingBatch batch) {
        NDArray output = forward(store, batch.inputs(), true).head();
        NDArray perRow = head.loss(output, batch.labels());
        return batch.weights() == null ? perRow.mean()
                : perRow.mul(batch.weights()).sum().div(batch.weights().sum().maximum(1f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.spec().outputWidth())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        int d = backbone.spec().hiddenSize();
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), d));
    }
}
