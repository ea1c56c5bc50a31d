package org.netllm.adapt.head;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import java.util.Random;

/**
 * A networking head: maps backbone states {@code (..., d)} to an output row {@code (..., outputWidth)} that always
 * decodes into a valid answer (a permitted discrete action, a value within its range).
 */
public abstract sealed class NetworkingHead extends AbstractBlock
        permits CategoricalHead, BoundedRegressionHead, CompositeHead {

    /** Builds the head a spec describes. */
    public static NetworkingHead of(HeadSpec spec) {
        if (spec instanceof HeadSpec.Categorical c) {
            return new CategoricalHead(c);
        }
        if (spec instanceof HeadSpec.BoundedRegression r) {
            return new BoundedRegressionHead(r);
        }
        return new CompositeHead((HeadSpec.Composite) spec);
    }

    /** What this head answers. */
    public abstract HeadSpec spec();

    /** Per-row training loss {@code (...)}: cross-entropy for discrete leaves, mean squared error for values. */
    public abstract NDArray loss(NDArray output, NDArray labels);

    /** Actions {@code (..., labelWidth)} as the return-conditioned model embeds them. */
    public abstract NDArray encodeAction(NDArray labels);

    /** The most likely valid answer for one output row. */
    public abstract float[] greedy(float[] output, ActionMask mask);

    /** A valid answer sampled from one output row's distribution (values are deterministic). */
    public abstract float[] sample(float[] output, ActionMask mask, Random random);
}
