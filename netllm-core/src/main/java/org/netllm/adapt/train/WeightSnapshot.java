package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Copies of some parameters' values (the best validated weights, a moving average), to be written back later. */
public final class WeightSnapshot implements AutoCloseable {

    private final List<NDArray> values;

    private WeightSnapshot(List<NDArray> values) {
        this.values = values;
    }

    /** The current values of {@code parameters}, copied into {@code manager}. */
    public static WeightSnapshot of(List<Parameter> parameters, NDManager manager) {
        var copies = new ArrayList<NDArray>(parameters.size());
        for (Parameter p : parameters) {
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            copies.add(copy);
        }
        return new WeightSnapshot(copies);
    }

    /** Writes the copies into {@code parameters} (the same list, in the same order, as {@link #of} read). */
    public void writeTo(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(values.get(i).toByteBuffer());
        }
    }

    /** The copy of the {@code i}-th parameter, for in-place updates. */
    NDArray value(int i) {
        return values.get(i);
    }

    @Override
    public void close() {
        values.forEach(NDArray::close);
    }
}
