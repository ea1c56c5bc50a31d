package org.netllm.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.model.Autograd;

/**
 * Adam (Kingma and Ba) for the small task models trained from scratch (TRACK, Pensieve), updating parameters in
 * place; callers run {@link #step} inside an {@code NDScope}. (The engine's AdamW is internal to its trainer, which
 * trains adapted language models only.)
 */
public final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private int t;

    public Adam(List<Parameter> parameters, NDManager manager) {
        this.parameters = List.copyOf(parameters);
        for (Parameter p : parameters) {
            NDArray m = manager.zeros(p.getArray().getShape());
            NDArray v = manager.zeros(p.getArray().getShape());
            NDScope.unregister(m, v);
            first.add(m);
            second.add(v);
        }
    }

    /**
     * One update with the gradients clipped to a global L2 norm of {@code clipNorm}; then zeroes the gradients
     * (overwriting, so a NaN cannot survive into the next step). A step whose gradient is not finite is skipped.
     *
     * @return whether the parameters were updated
     */
    public boolean step(double learningRate, double clipNorm) {
        double sum = 0;
        for (Parameter p : parameters) {
            NDArray g = Autograd.gradientOrNull(p.getArray());
            if (g != null) {
                sum += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sum);
        if (!Double.isFinite(norm)) {
            for (Parameter p : parameters) {
                NDArray g = Autograd.gradientOrNull(p.getArray());
                if (g != null) {
                    g.set(new NDIndex("..."), 0f);
                }
            }
            return false;
        }
        double scale = norm > clipNorm ? clipNorm / norm : 1.0;
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray g = Autograd.gradientOrNull(w);
            if (g == null) {
                continue;
            }
            NDArray clipped = scale == 1.0 ? g : g.mul(scale);
            NDArray m = first.get(i).muli(BETA1).addi(clipped.mul(1 - BETA1));
            NDArray v = second.get(i).muli(BETA2).addi(clipped.square().mul(1 - BETA2));
            w.subi(m.div(c1).div(v.div(c2).sqrt().add(EPSILON)).mul(learningRate));
            g.set(new NDIndex("..."), 0f);
        }
        return true;
    }
}
