package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * An exponential moving average of the trainable weights (Polyak averaging), which validation scores and the kept
 * checkpoint holds instead of the last step's weights.
 *
 * <p>Why: with small batches each step's weights carry the noise of its last few batches, so checkpoints a few
 * hundred steps apart can validate seconds apart; the average is what the recent steps agree on. The decay ramps up
 * as {@code min(decay, (1 + n) / (10 + n))} after n updates, so the first updates are not outweighed by the
 * initialisation.
 */
final class WeightAverage implements AutoCloseable {

    private final List<Parameter> parameters;
    private final double decay;
    private final NDManager manager;
    private final WeightSnapshot averages;
    private WeightSnapshot held;
    private int updates;

    /**
     * @param decay the weight of the old average at each update, in (0, 1)
     * @param manager owns the averages (and the raw weights while the average is swapped in)
     */
    WeightAverage(List<Parameter> parameters, double decay, NDManager manager) {
        this.parameters = parameters;
        this.decay = decay;
        this.manager = manager;
        this.averages = WeightSnapshot.of(parameters, manager);
    }

    /** The average and its update count, to save. */
    TrainingState.AverageState state() {
        return new TrainingState.AverageState(averages.tensors(), updates);
    }

    /** Puts back a saved average (of the same parameters). */
    void restoreFrom(TrainingState.AverageState state) {
        if (state.values().size() != parameters.size()) {
            throw new IllegalArgumentException("a saved average of " + state.values().size() + " parameters, this run"
                    + " trains " + parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            averages.value(i).set(java.nio.FloatBuffer.wrap(state.values().get(i).values()));
        }
        updates = state.updates();
    }

    /** Folds the parameters' current values into the average (after an optimizer step). */
    void update() {
        double beta = Math.min(decay, (1.0 + updates) / (10.0 + updates));
        updates++;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            // a ← β·a + (1 − β)·w, in place so the average keeps its manager.
            averages.value(i).muli(beta).addi(w.mul(1 - beta));
        }
    }

    /** Puts the average into the parameters, holding the raw weights until {@link #restore}. */
    void swapIn() {
        if (held != null) {
            throw new IllegalStateException("the average is already swapped in");
        }
        held = WeightSnapshot.of(parameters, manager);
        averages.writeTo(parameters);
    }

    /** Puts the raw weights back, so training goes on from where the optimizer left them. */
    void restore() {
        if (held == null) {
            throw new IllegalStateException("the average is not swapped in");
        }
        held.writeTo(parameters);
        held.close();
        held = null;
    }

    /** Puts the average into the parameters for good (the result of a run that never validated). */
    void adopt() {
        averages.writeTo(parameters);
    }

    @Override
    public void close() {
        averages.close();
        if (held != null) {
            held.close();
        }
    }
}
