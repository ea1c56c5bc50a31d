package org.netllm.adapt.rl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;

/**
 * Host-side buffers of B right-padded windows of W steps, filled step by step and turned into the
 * {@link ReturnConditionedAdapter}'s input arrays in one go.
 */
final class ContextBatch {

    /** Positions in {@link #toInputs}: the actions (the labels in training) and the step mask (the loss weights). */
    static final int ACTIONS_INPUT = 1;
    static final int STEP_MASK_INPUT = 3;

    final int rows;
    final int window;
    final int[] sizes;
    final int labelWidth;
    final List<long[]> shapes;
    final float[] returns;
    final float[] actions;
    final float[] timesteps;
    final float[] stepMask;
    final float[] actionKnown;
    final float[][] states;

    ContextBatch(int rows, int window, List<long[]> shapes, int labelWidth) {
        this.rows = rows;
        this.window = window;
        this.shapes = shapes;
        this.sizes = shapes.stream().mapToInt(s -> (int) new Shape(s).size()).toArray();
        this.labelWidth = labelWidth;
        int n = rows * window;
        returns = new float[n];
        actions = new float[n * labelWidth];
        timesteps = new float[n];
        stepMask = new float[n];
        actionKnown = new float[n];
        states = new float[sizes.length][];
        for (int a = 0; a < sizes.length; a++) {
            states[a] = new float[n * sizes[a]];
        }
    }

    /** Index of (row, position) in the flattened B·W layout. */
    int slot(int row, int position) {
        return row * window + position;
    }

    /**
     * Marks (row, position) as a real step with this return-to-go and timestep, both as the model embeds them
     * (the return divided by the conditioning's scale, the timestep clipped to its table); returns the slot, for the
     * caller to copy the step's state and action into.
     */
    int step(int row, int position, double returnToGo, int timestep, ReturnConditioning conditioning) {
        int slot = slot(row, position);
        returns[slot] = (float) (returnToGo / conditioning.returnScale());
        timesteps[slot] = Math.min(timestep, conditioning.maxTimestep() - 1);
        stepMask[slot] = 1;
        return slot;
    }

    NDList toInputs(NDManager manager) {
        var list = new NDList();
        list.add(manager.create(returns, new Shape(rows, window)));
        list.add(manager.create(actions, new Shape(rows, window, labelWidth)));
        list.add(manager.create(timesteps, new Shape(rows, window)).toType(DataType.INT64, false));
        list.add(manager.create(stepMask, new Shape(rows, window)));
        list.add(manager.create(actionKnown, new Shape(rows, window)));
        for (int a = 0; a < sizes.length; a++) {
            long[] dims = new long[shapes.get(a).length + 1];
            dims[0] = (long) rows * window;
            System.arraycopy(shapes.get(a), 0, dims, 1, dims.length - 1);
            list.add(manager.create(states[a], new Shape(dims)));
        }
        return list;
    }
}
