package org.netllm.adaptation.vp;

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
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.adapt.model.TrainingBatch;
import org.netllm.backbone.Backbone;

/**
 * The supervised adapter as the trainer sees it, with the run's {@link VpLoss} instead of the head's MSE. It only
 * wraps: the checkpoint is written from the adapter itself, so parameter names are the adapter's own.
 */
final class VpTrainingModel extends AbstractBlock implements AdaptedModel {

    private final SupervisedAdapter adapter;
    private final VpLoss loss;

    VpTrainingModel(SupervisedAdapter adapter, VpLoss loss) {
        this.adapter = addChildBlock("adapter", adapter);
        this.loss = loss;
    }

    @Override
    public MultimodalEncoder encoder() {
        return adapter.encoder();
    }

    @Override
    public Backbone backbone() {
        return adapter.backbone();
    }

    @Override
    public NetworkingHead head() {
        return adapter.head();
    }

    @Override
    public NDArray loss(ParameterStore store, TrainingBatch batch) {
        NDArray output = adapter.forward(store, batch.inputs(), true).head(); // (N, pw·3)
        return loss.of(output, batch.labels());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return adapter.forward(store, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return adapter.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // The adapter arrives initialised.
    }
}
