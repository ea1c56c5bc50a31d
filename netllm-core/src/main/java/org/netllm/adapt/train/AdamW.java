package org.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import org.netllm.adapt.model.Autograd;
import java.util.List;
import org.netllm.safetensors.FloatTensor;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay, updating parameters in place. Its moment arrays
 * live in the manager it is given and are made at a parameter's first gradient (as PyTorch's AdamW does, so a
 * parameter that never takes part, like the token table NetLLM bypasses, costs no optimizer memory); callers
 * run {@link #step} (or {@link #clippedStep}) inside an {@code NDScope} so temporaries are freed. Weight decay 0 is
 * plain Adam (Kingma and Ba), which the small task models trained from scratch (TRACK, Pensieve) use.
 */
public final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final NDManager manager;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double weightDecay;
    private int t;

    public AdamW(List<Parameter> parameters, NDManager manager, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.weightDecay = weightDecay;
        this.manager = manager;
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments.add(null);
            secondMoments.add(null);
        }
    }

    /**
     * AdamW's state, to go on after a restart: the counted updates (for bias correction) and each parameter's first
     * and second moments (null for a parameter that has had no gradient yet).
     */
    public record State(int updates, List<FloatTensor> first, List<FloatTensor> second) {
    }

    /** A copy of the optimizer's state. */
    public State state() {
        List<FloatTensor> m = new ArrayList<>(parameters.size());
        List<FloatTensor> v = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            m.add(copy(firstMoments.get(i)));
            v.add(copy(secondMoments.get(i)));
        }
        return new State(t, m, v);
    }

    /** Puts back a state {@link #state} read from an optimizer over the same parameters. */
    public void restore(State state) {
        if (state.first().size() != parameters.size() || state.second().size() != parameters.size()) {
            throw new IllegalArgumentException("optimizer state for " + state.first().size() + " parameters, this"
                    + " optimizer has " + parameters.size());
        }
        t = state.updates();
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments.set(i, restored(firstMoments.get(i), state.first().get(i)));
            secondMoments.set(i, restored(secondMoments.get(i), state.second().get(i)));
        }
    }

    private static FloatTensor copy(NDArray moment) {
        return moment == null ? null : new FloatTensor(moment.getShape().getShape(), moment.toFloatArray());
    }

    private NDArray restored(NDArray old, FloatTensor saved) {
        if (old != null) {
            old.close();
        }
        if (saved == null) {
            return null;
        }
        NDArray array = manager.create(saved.values(), new ai.djl.ndarray.types.Shape(saved.shape()));
        NDScope.unregister(array); // it outlives any caller's scope, as the moments made at a first gradient do
        return array;
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

    /**
     * One update with the gradients clipped to a global L2 norm of {@code clipNorm}, then zeroes the gradients. A
     * step whose gradient norm is not finite only zeroes them and does not count (bias correction goes on from the
     * last counted step).
     *
     * @return whether the parameters were updated
     */
    public boolean clippedStep(double learningRate, double clipNorm) {
        double norm = gradientNorm();
        if (!Double.isFinite(norm)) {
            zeroGradients();
            return false;
        }
        step(learningRate, norm > clipNorm ? clipNorm / norm : 1.0);
        return true;
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
            if (firstMoments.get(i) == null) {
                NDArray m0 = manager.zeros(w.getShape());
                NDArray v0 = manager.zeros(w.getShape());
                NDScope.unregister(m0, v0); // they outlive the caller's scope
                firstMoments.set(i, m0);
                secondMoments.set(i, v0);
            }
            NDArray g = gradientScale == 1.0 ? grad : grad.mul(gradientScale);
            NDArray m = firstMoments.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
            NDArray v = secondMoments.get(i).muli(BETA2).addi(g.square().mul(1 - BETA2));
            NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
            if (weightDecay > 0) {
                w.muli(1 - learningRate * weightDecay);
            }
            w.subi(update.mul(learningRate));
            clear(grad);
        }
    }

    /** Zeroes the gradients without updating (a skipped step). */
    void zeroGradients() {
        for (var p : parameters) {
            NDArray grad = gradientOf(p);
            if (grad != null) {
                clear(grad);
            }
        }
    }

    /**
     * Overwrites a gradient with zeros. Arithmetic clearing ({@code g - g}, {@code g * 0}) would keep a NaN or an
     * infinity, and PyTorch accumulates into the same buffer, so one bad batch would poison every later step.
     */
    private static void clear(NDArray grad) {
        grad.set(new NDIndex("..."), 0f);
    }

    private static NDArray gradientOf(Parameter p) {
        return p.requiresGradient() ? Autograd.gradientOrNull(p.getArray()) : null;
    }
}
