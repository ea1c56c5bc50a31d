package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.netllm.safetensors.FloatTensor;

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

    /** Copies read back from {@link #tensors} (a saved run), into {@code manager}. */
    public static WeightSnapshot ofSaved(List<FloatTensor> tensors, NDManager manager) {
        var copies = new ArrayList<NDArray>(tensors.size());
        for (FloatTensor t : tensors) {
            copies.add(manager.create(t.values(), new ai.djl.ndarray.types.Shape(t.shape())));
        }
        return new WeightSnapshot(copies);
    }

    /** The copies' values, to save. */
    public List<FloatTensor> tensors() {
        return tensorsOf(values);
    }

    /** The values of {@code arrays}, to save. */
    static List<FloatTensor> tensorsOf(List<NDArray> arrays) {
        var out = new ArrayList<FloatTensor>(arrays.size());
        for (NDArray a : arrays) {
            out.add(new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
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
