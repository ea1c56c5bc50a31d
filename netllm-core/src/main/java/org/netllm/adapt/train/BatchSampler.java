package org.netllm.adapt.train;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.netllm.adapt.model.TrainingBatch;

/** Training data as the trainer draws it: a random batch, built in one go (no per-element NDArray work). */
@FunctionalInterface
public interface BatchSampler {

    /** A batch of {@code size} examples whose arrays belong to {@code manager}. */
    TrainingBatch sample(NDManager manager, Random random, int size);
}
