package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay, updating parameters in place. Its moment arrays
 * live in the manager it is given; callers run {@link #step} inside an {@code NDScope} so temporaries are freed.
 */
final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double weightDecay;
    private int t;

    AdamW(List<Parameter> parameters, NDManager manager, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.weightDecay = weightDecay;
        for (var p : parameters) {
            firstMoments.add(manager.zeros(p.getArray().getShape()));
            secondMoments.add(manager.zeros(p.getArray().getShape()));
        }
    }

    /** The global L2 norm of all gradients. */
    double gradientNorm() {
        double sum = 0;
        for (var p : parameters) {
            NDArray g = gradientOf(p);
            if (g != null) {
                sum += g.square().sum().getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /** One update with the gradients scaled by {@code gradientScale} (clipping), then zeroes the gradients. */
    void step(double learningRate, double gradientScale) {
        t++;
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray grad = gradientOf(parameters.get(i));
            if (grad == null) {
                continue; // the parameter took no part in this step's loss
            }
            NDArray g = gradientScale == 1.0 ? grad : grad.mul(gradientScale);
            NDArray m = firstMoments.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
            NDArray v = secondMoments.get(i).muli(BETA2).addi(g.square().mul(1 - BETA2));
            NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
            if (weightDecay > 0) {
                w.muli(1 - learningRate * weightDecay);
            }
            w.subi(update.mul(learningRate));
            grad.subi(grad);
        }
    }

    /** Zeroes the gradients without updating (a skipped step). */
    void zeroGradients() {
        for (var p : parameters) {
            NDArray grad = gradientOf(p);
            if (grad != null) {
                grad.subi(grad);
            }
        }
    }

    private static NDArray gradientOf(Parameter p) {
        try {
            return p.getArray().getGradient();
        } catch (IllegalStateException noGradientYet) {
            return null;
        }
    }
}
