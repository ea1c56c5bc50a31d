package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
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
    private final List<NDArray> averages;
    private List<NDArray> held;
    private int updates;

    /**
     * @param decay the weight of the old average at each update, in (0, 1)
     * @param manager owns the averages (and the raw weights while the average is swapped in)
     */
    WeightAverage(List<Parameter> parameters, double decay, NDManager manager) {
        this.parameters = parameters;
        this.decay = decay;
        this.averages = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            averages.add(copy);
        }
    }

    /** Folds the parameters' current values into the average (after an optimizer step). */
    void update() {
        double beta = Math.min(decay, (1.0 + updates) / (10.0 + updates));
        updates++;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            // a ← β·a + (1 − β)·w, in place so the average keeps its manager.
            averages.get(i).muli(beta).addi(w.mul(1 - beta));
        }
    }

    /** Puts the average into the parameters, holding the raw weights until {@link #restore}. */
    void swapIn() {
        if (held != null) {
            throw new IllegalStateException("the average is already swapped in");
        }
        held = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.get(i).getArray();
            NDArray raw = array.duplicate();
            raw.attach(averages.get(i).getManager());
            held.add(raw);
            array.set(averages.get(i).toByteBuffer());
        }
    }

    /** Puts the raw weights back, so training goes on from where the optimizer left them. */
    void restore() {
        if (held == null) {
            throw new IllegalStateException("the average is not swapped in");
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(held.get(i).toByteBuffer());
            held.get(i).close();
        }
        held = null;
    }

    @Override
    public void close() {
        averages.forEach(NDArray::close);
        if (held != null) {
            held.forEach(NDArray::close);
        }
    }
}
