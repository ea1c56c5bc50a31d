package org.netllm.adapt.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;

/** Logits over a fixed set of actions; answers are drawn only from the actions a mask permits. */
public final class CategoricalHead extends NetworkingHead {

    private final HeadSpec.Categorical spec;
    private final Linear logits;

    public CategoricalHead(HeadSpec.Categorical spec) {
        this.spec = spec;
        this.logits = addChildBlock("logits", Linear.builder().setUnits(spec.actions()).build());
    }

    @Override
    public HeadSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return logits.forward(store, inputs, training); // (..., A)
    }

    @Override
    public NDArray loss(NDArray output, NDArray labels) {
        NDArray target = labels.squeeze(-1).toType(DataType.INT64, false).oneHot(spec.actions()); // (..., A)
        return output.logSoftmax(-1).mul(target.toType(output.getDataType(), false)).sum(new int[] {-1}).neg();
    }

    @Override
    public NDArray encodeAction(NDArray labels) {
        return labels.squeeze(-1).toType(DataType.INT64, false).oneHot(spec.actions()).toType(DataType.FLOAT32, false);
    }

    @Override
    public float[] greedy(float[] output, ActionMask mask) {
        boolean[] valid = checkedMask(output.length, mask.forLeaf(0));
        int best = -1;
        for (int a = 0; a < output.length; a++) {
            if ((valid == null || valid[a]) && (best < 0 || output[a] > output[best])) {
                best = a;
            }
        }
        return new float[] {best};
    }

    @Override
    public float[] sample(float[] output, ActionMask mask, Random random) {
        float[] p = probabilities(output, mask.forLeaf(0));
        double u = random.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int a = 0; a < p.length; a++) {
            if (p[a] > 0) {
                cumulative += p[a];
                last = a;
                if (u < cumulative) {
                    return new float[] {a};
                }
            }
        }
        return new float[] {last};
    }

    /** Softmax over the permitted actions; forbidden actions get probability 0. */
    public static float[] probabilities(float[] output, boolean[] mask) {
        boolean[] valid = checkedMask(output.length, mask);
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < output.length; a++) {
            if (valid == null || valid[a]) {
                max = Math.max(max, output[a]);
            }
        }
        double[] e = new double[output.length];
        double sum = 0;
        for (int a = 0; a < output.length; a++) {
            if (valid == null || valid[a]) {
                e[a] = Math.exp(output[a] - max);
                sum += e[a];
            }
        }
        float[] p = new float[output.length];
        for (int a = 0; a < output.length; a++) {
            p[a] = (float) (e[a] / sum);
        }
        return p;
    }

    private static boolean[] checkedMask(int actions, boolean[] valid) {
        if (valid == null) {
            return null;
        }
        if (valid.length != actions) {
            throw new IllegalArgumentException("action mask has " + valid.length + " entries for "
                    + actions + " actions");
        }
        for (boolean v : valid) {
            if (v) {
                return valid;
            }
        }
        throw new IllegalArgumentException("the action mask forbids all " + actions + " actions");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return logits.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        logits.initialize(manager, dataType, inputShapes);
    }
}
