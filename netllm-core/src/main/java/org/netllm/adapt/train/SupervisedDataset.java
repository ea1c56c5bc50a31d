package org.netllm.adapt.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.model.TrainingBatch;

/** (inputs, label) examples for the supervised pipeline, sampled uniformly with replacement. */
public final class SupervisedDataset implements BatchSampler {

    private final List<long[]> arrayShapes;
    private final int[] arraySizes;
    private final int labelWidth;
    private final List<float[][]> inputs = new ArrayList<>();
    private final List<float[]> labels = new ArrayList<>();

    /**
     * @param arrayShapes per-example shapes of the encoder's arrays ({@code MultimodalEncoder.arrayShapes()})
     * @param labelWidth  the head's label width
     */
    public SupervisedDataset(List<long[]> arrayShapes, int labelWidth) {
        this.arrayShapes = List.copyOf(arrayShapes);
        this.arraySizes = arrayShapes.stream().mapToInt(s -> (int) new Shape(s).size()).toArray();
        this.labelWidth = labelWidth;
    }

    /** Adds one example: its arrays in encoder order, flattened row-major. */
    public SupervisedDataset add(List<float[]> arrays, float[] label) {
        if (arrays.size() != arraySizes.length) {
            throw new IllegalArgumentException("example has " + arrays.size() + " arrays, the encoder takes "
                    + arraySizes.length);
        }
        for (int i = 0; i < arraySizes.length; i++) {
            if (arrays.get(i).length != arraySizes[i]) {
                throw new IllegalArgumentException("array " + i + " has " + arrays.get(i).length
                        + " values, expected " + arraySizes[i]);
            }
        }
        if (label.length != labelWidth) {
            throw new IllegalArgumentException("label has " + label.length + " values, expected " + labelWidth);
        }
        inputs.add(arrays.toArray(float[][]::new));
        labels.add(label.clone());
        return this;
    }

    public int size() {
        return labels.size();
    }

    @Override
    public TrainingBatch sample(NDManager manager, Random random, int size) {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = random.nextInt(labels.size());
        }
        return batchOf(manager, rows);
    }

    /** The examples at {@code rows}, in order (for validation). */
    public TrainingBatch batchOf(NDManager manager, int[] rows) {
        var arrays = new NDList();
        for (int a = 0; a < arraySizes.length; a++) {
            float[] buffer = new float[rows.length * arraySizes[a]];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(inputs.get(rows[i])[a], 0, buffer, i * arraySizes[a], arraySizes[a]);
            }
            long[] dims = new long[arrayShapes.get(a).length + 1];
            dims[0] = rows.length;
            System.arraycopy(arrayShapes.get(a), 0, dims, 1, dims.length - 1);
            arrays.add(manager.create(buffer, new Shape(dims)));
        }
        float[] y = new float[rows.length * labelWidth];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(labels.get(rows[i]), 0, y, i * labelWidth, labelWidth);
        }
        return new TrainingBatch(arrays, manager.create(y, new Shape(rows.length, labelWidth)), null);
    }
}
