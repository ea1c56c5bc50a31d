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
 * The supervised adapter as the trainer sees it under the expert objective. {@link Kind#CROSS_ENTROPY}: cross-entropy
 * against
 * {@code (1 - softWeight)} times the expert's choice plus {@code softWeight} times the softmax of its level values
 * (the cost-sensitive soft target), over the ladder's levels only (padded positions are masked out of the softmax).
 * {@link Kind#ADVANTAGE}: the logits regress (squared error over the ladder's levels) on the expert's advantages,
 * each level's value minus the best, clipped at {@link #ADVANTAGE_FLOOR}; the policy's argmax is then the level with
 * the highest expected value over the futures a state allows, where cross-entropy on a privileged expert's choice
 * learns the most frequent best level, blind to how much a wrong guess costs (a stall). Labels per example,
 * {@code 1 + 3A} wide: the choice, the soft target (A), the valid mask (A), the advantages (A). It only wraps: the
 * checkpoint is written from the adapter itself.
 *
 * <p>Dimensions: N examples, A head positions.
 */
public final class ExpertLoss extends AbstractBlock implements AdaptedModel {

    /** What the model learns from the expert. */
    public enum Kind {
        /** Cross-entropy on the choice and the soft target. */
        CROSS_ENTROPY,
        /** Regression on every level's advantage. */
        ADVANTAGE
    }

    /** Advantages below this (QoE units) count as this: "much worse" needs no exact size. */
    static final double ADVANTAGE_FLOOR = -20;

    private final SupervisedAdapter adapter;
    private final int positions;
    private final float softWeight;
    private final Kind kind;

    ExpertLoss(SupervisedAdapter adapter, int positions, double softWeight, Kind kind) {
        this.adapter = addChildBlock("adapter", adapter);
        this.positions = positions;
        this.softWeight = (float) softWeight;
        this.kind = kind;
    }

    /** The label row of one example. */
    static float[] label(int choice, float[] soft, boolean[] valid, double[] values) {
        int a0 = soft.length;
        float[] row = new float[1 + 3 * a0];
        row[0] = choice;
        System.arraycopy(soft, 0, row, 1, a0);
        double best = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            best = Math.max(best, v);
        }
        for (int a = 0; a < valid.length; a++) {
            row[1 + a0 + a] = valid[a] ? 1f : 0f;
            if (valid[a] && a < values.length) {
                row[1 + 2 * a0 + a] = (float) Math.max(ADVANTAGE_FLOOR, values[a] - best);
            }
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
        NDArray labels = batch.labels(); // (N, 1 + 3A)
        NDArray valid = labels.get(":, " + (1 + positions) + ":" + (1 + 2 * positions)); // (N, A)
        if (kind == Kind.ADVANTAGE) {
            NDArray advantage = labels.get(":, " + (1 + 2 * positions) + ":"); // (N, A)
            NDArray error = logits.sub(advantage).mul(valid);
            return error.square().sum(new int[] {-1}).div(valid.sum(new int[] {-1})).mean();
        }
        NDArray choice = labels.get(":, 0").toType(DataType.INT64, false).oneHot(positions)
                .toType(DataType.FLOAT32, false); // (N, A)
        NDArray soft = labels.get(":, 1:" + (1 + positions)); // (N, A)
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
