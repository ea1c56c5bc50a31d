package org.netllm.adaptation.abr.pensieve;

import java.util.List;
import java.util.Random;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.emulation.abr.Trace;

/** Where Pensieve's training sessions come from: the trace each new session streams over, and how that changes. */
public interface TrainingEnvironments {

    /** The trace of the next training session, drawn with {@code random}. */
    Trace next(Random random);

    /**
     * Called after every update with the greedy actor, so a curriculum can widen the distribution; returns a line
     * for the training log when it changed something, else null.
     */
    default String afterUpdate(int update, PensievePolicy greedy, Random random) {
        return null;
    }

    /** Pensieve's own environment: a uniformly drawn trace of a fixed training set. */
    record Uniform(List<Trace> traces) implements TrainingEnvironments {
        public Uniform {
            traces = List.copyOf(traces);
            if (traces.isEmpty()) {
                throw new IllegalArgumentException("Pensieve training needs at least one training trace");
            }
        }

        @Override
        public Trace next(Random random) {
            return traces.get(random.nextInt(traces.size()));
        }
    }
}
