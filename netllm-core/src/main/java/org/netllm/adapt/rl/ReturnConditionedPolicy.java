package org.netllm.adapt.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.head.CategoricalHead;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.model.ReturnConditionedAdapter;

/**
 * Inference for a return-conditioned model: sessions keep their own context; {@link #decide} answers many
 * sessions in one forward pass (windows right-padded, each session's answer read at its own last step).
 * This class is threadsafe: forward passes are serialised.
 */
public final class ReturnConditionedPolicy {

    private final ReturnConditionedAdapter model;
    private final NDManager manager;
    private final ParameterStore store;
    private final List<long[]> shapes;
    private final int[] sizes;

    /** @param manager the model's manager or a child of it; per-call arrays live in sub-managers of it */
    public ReturnConditionedPolicy(ReturnConditionedAdapter model, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.shapes = model.encoder().arrayShapes();
        this.sizes = shapes.stream().mapToInt(s -> (int) new Shape(s).size()).toArray();
    }

    /** The model answered with. */
    public ReturnConditionedAdapter model() {
        return model;
    }

    /** A session that answers greedily (the most likely valid action). */
    public DecisionSession newSession(double targetReturn) {
        return new DecisionSession(this, model.conditioning().window(), targetReturn, null);
    }

    /** A session that samples actions, reproducibly from {@code seed}. */
    public DecisionSession newSampledSession(double targetReturn, long seed) {
        return new DecisionSession(this, model.conditioning().window(), targetReturn, new Random(seed));
    }

    /** Decides every request's step in one forward pass; answers are in request order. */
    public synchronized List<Decision> decide(List<DecisionRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        var contexts = new ArrayList<List<DecisionSession.Step>>(requests.size());
        int window = 1;
        for (var request : requests) {
            var context = request.session().contextWith(checkedState(request.state()));
            contexts.add(context);
            window = Math.max(window, context.size());
        }
        int labelWidth = model.head().spec().labelWidth();
        int outputWidth = model.head().spec().outputWidth();
        var batch = new ContextBatch(requests.size(), window, shapes, labelWidth);
        double scale = model.conditioning().returnScale();
        int maxTimestep = model.conditioning().maxTimestep();
        for (int row = 0; row < contexts.size(); row++) {
            var context = contexts.get(row);
            for (int p = 0; p < context.size(); p++) {
                var step = context.get(p);
                int slot = batch.slot(row, p);
                batch.returns[slot] = (float) (step.returnToGo() / scale);
                batch.timesteps[slot] = Math.min(step.timestep(), maxTimestep - 1);
                batch.stepMask[slot] = 1;
                if (step.action() != null) {
                    System.arraycopy(step.action(), 0, batch.actions, slot * labelWidth, labelWidth);
                    batch.actionKnown[slot] = 1;
                }
                for (int a = 0; a < sizes.length; a++) {
                    System.arraycopy(step.state()[a], 0, batch.states[a], slot * sizes[a], sizes[a]);
                }
            }
        }
        float[] outputs;
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray out = model.forward(store, batch.toInputs(call), false).head(); // (B, W, outputWidth)
            outputs = out.toFloatArray();
        }
        var decisions = new ArrayList<Decision>(requests.size());
        for (int row = 0; row < contexts.size(); row++) {
            int last = contexts.get(row).size() - 1;
            int from = batch.slot(row, last) * outputWidth;
            float[] output = java.util.Arrays.copyOfRange(outputs, from, from + outputWidth);
            var request = requests.get(row);
            var random = request.session().random();
            NetworkingHead head = model.head();
            float[] action = random == null ? head.greedy(output, request.mask())
                    : head.sample(output, request.mask(), random);
            decisions.add(new Decision(action, distributions(output, request)));
        }
        return decisions;
    }

    private List<float[]> distributions(float[] output, DecisionRequest request) {
        var leaves = model.head().spec().leaves();
        var result = new ArrayList<float[]>(leaves.size());
        int from = 0;
        for (int i = 0; i < leaves.size(); i++) {
            var leaf = leaves.get(i);
            float[] row = java.util.Arrays.copyOfRange(output, from, from + leaf.outputWidth());
            if (leaf instanceof HeadSpec.Categorical) {
                result.add(CategoricalHead.probabilities(row, request.mask().forLeaf(i)));
            } else {
                result.add(row);
            }
            from += leaf.outputWidth();
        }
        return result;
    }

    private float[][] checkedState(List<float[]> state) {
        if (state.size() != sizes.length) {
            throw new IllegalArgumentException("state has " + state.size() + " arrays, the model takes " + sizes.length);
        }
        float[][] copy = new float[sizes.length][];
        for (int a = 0; a < sizes.length; a++) {
            if (state.get(a).length != sizes[a]) {
                throw new IllegalArgumentException("state array " + a + " (" + model.encoder().inputs() + ") has "
                        + state.get(a).length + " values, expected " + sizes[a]);
            }
            copy[a] = state.get(a).clone();
        }
        return copy;
    }
}
