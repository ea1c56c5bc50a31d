package org.netllm.adaptation.abr;

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
 * The supervised adapter as the trainer sees it under the expert objective: cross-entropy against
 * {@code (1 - softWeight)} times the expert's choice plus {@code softWeight} times the softmax of its level values
 * (the cost-sensitive soft target), over the ladder's levels only (padded positions are masked out of the softmax).
 * Labels per example, {@code 1 + 2A} wide: the choice, the soft target (A), the valid mask (A). It only wraps: the
 * checkpoint is written from the adapter itself.
 *
 * <p>Dimensions: N examples, A head positions.
 */
final class ExpertLoss extends AbstractBlock implements AdaptedModel {

    private final SupervisedAdapter adapter;
    private final int positions;
    private final float softWeight;

    ExpertLoss(SupervisedAdapter adapter, int positions, double softWeight) {
        this.adapter = addChildBlock("adapter", adapter);
        this.positions = positions;
        this.softWeight = (float) softWeight;
    }

    /** The label row of one example. */
    static float[] label(int choice, float[] soft, boolean[] valid) {
        float[] row = new float[1 + 2 * soft.length];
        row[0] = choice;
        System.arraycopy(soft, 0, row, 1, soft.length);
        for (int a = 0; a < valid.length; a++) {
            row[1 + soft.length + a] = valid[a] ? 1f : 0f;
        }
        return row;
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
        NDArray logits = adapter.forward(store, batch.inputs(), true).head(); // (N, A)
        NDArray labels = batch.labels(); // (N, 1 + 2A)
        NDArray choice = labels.get(":, 0").toType(DataType.INT64, false).oneHot(positions)
                .toType(DataType.FLOAT32, false); // (N, A)
        NDArray soft = labels.get(":, 1:" + (1 + positions)); // (N, A)
        NDArray valid = labels.get(":, " + (1 + positions) + ":"); // (N, A)
        // Padded positions get a logit of about -1e4: no probability, no gradient.
        NDArray logProbabilities = logits.add(valid.sub(1f).mul(1e4f)).logSoftmax(-1); // (N, A)
        NDArray target = choice.mul(1f - softWeight).add(soft.mul(softWeight)); // (N, A)
        return logProbabilities.mul(target).sum(new int[] {-1}).neg().mean();
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
