package org.netllm.adapt.rl;

import static org.netllm.adapt.encoder.CompiledEncoder.parameter;

import ai.djl.nn.Block;
import java.util.Optional;
import org.netllm.adapt.encoder.CompiledEncoder;
import org.netllm.adapt.head.CategoricalHead;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.backbone.inference.CompiledLinear;

/**
 * A step's tokens and the categorical head, computed in Java from the model's weights (copied once), for the
 * compiled path: scalar and sequence inputs (linear + ReLU, 1D convolution + ReLU; projection; LayerNorm), the
 * return and action embeddings and the timestep table, as the engine computes them. Models with image or graph
 * inputs, or another head, get none ({@link #of} is empty) and keep the engine for these small pieces.
 *
 * <p>Immutable; this class is threadsafe.
 */
final class CompiledStepTokens {

    private final int width;
    private final CompiledEncoder features;
    private final float[] returnWeight;
    private final float[] returnBias;
    private final float[] actionWeight;
    private final float[] actionBias;
    private final int actions;
    private final float[] timesteps;
    private final int maxTimestep;
    private final CompiledLinear head;

    private CompiledStepTokens(int width, CompiledEncoder features, float[] returnWeight, float[] returnBias,
                               float[] actionWeight, float[] actionBias, int actions, float[] timesteps,
                               int maxTimestep, CompiledLinear head) {
        this.width = width;
        this.features = features;
        this.returnWeight = returnWeight;
        this.returnBias = returnBias;
        this.actionWeight = actionWeight;
        this.actionBias = actionBias;
        this.actions = actions;
        this.timesteps = timesteps;
        this.maxTimestep = maxTimestep;
        this.head = head;
    }

    /** The Java step tokens of a model with only scalar and sequence inputs and a categorical head. */
    static Optional<CompiledStepTokens> of(ReturnConditionedAdapter model) {
        if (!(model.head() instanceof CategoricalHead)) {
            return Optional.empty();
        }
        int d = model.backbone().spec().hiddenSize();
        Optional<CompiledEncoder> features = CompiledEncoder.of(model.encoder(), d);
        if (features.isEmpty()) {
            return Optional.empty();
        }
        Block returns = child(model, "return_embedding");
        Block action = child(model, "action_embedding");
        Block time = child(model, "timestep_embedding");
        Block logits = model.head().getChildren().values().get(0);
        int actions = model.head().spec().outputWidth();
        return Optional.of(new CompiledStepTokens(d, features.get(), parameter(returns, "weight"),
                parameter(returns, "bias"), parameter(action, "weight"), parameter(action, "bias"), actions,
                parameter(time, "weight"), model.conditioning().maxTimestep(),
                CompiledLinear.of(parameter(logits, "weight"), d, actions, parameter(logits, "bias"))));
    }

    private static Block child(Block parent, String name) {
        for (var entry : parent.getChildren()) {
            if (entry.getKey().endsWith(name)) {
                return entry.getValue();
            }
        }
        throw new IllegalStateException("the model has no block named " + name);
    }

    /**
     * The step's tokens {@code [return, one per input…, action]} plus its timestep's row, {@code (K+2)·d}; the action
     * token only when the step's action is known (else {@code (K+1)·d}).
     */
    float[] tokens(DecisionSession.Step step, ReturnConditioning conditioning) {
        int d = width;
        int count = features.tokens() + (step.action() == null ? 1 : 2);
        float[] tokens = new float[count * d];
        float normalised = (float) (step.returnToGo() / conditioning.returnScale());
        for (int c = 0; c < d; c++) {
            tokens[c] = returnWeight[c] * normalised + returnBias[c];
        }
        for (int i = 0; i < features.tokens(); i++) {
            features.token(i, step.state()[i], tokens, (i + 1) * d);
        }
        if (step.action() != null) {
            int a = Math.round(step.action()[0]);
            if (a < 0 || a >= actions) {
                throw new IllegalArgumentException("action " + a + " outside the head's " + actions + " actions");
            }
            int at = (features.tokens() + 1) * d;
            for (int c = 0; c < d; c++) {
                tokens[at + c] = actionWeight[c * actions + a] + actionBias[c];
            }
        }
        int row = Math.min(Math.max(step.timestep(), 0), maxTimestep - 1) * d;
        for (int t = 0; t < count; t++) {
            for (int c = 0; c < d; c++) {
                tokens[t * d + c] += timesteps[row + c];
            }
        }
        return tokens;
    }

    /** The categorical head's logits over hidden states {@code (N, d)}: {@code (N, actions)}. */
    float[][] head(float[][] hidden) {
        int n = hidden.length;
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hidden[i], 0, flat, i * width, width);
        }
        float[] out = new float[n * actions];
        head.apply(flat, n, out);
        float[][] outputs = new float[n][];
        for (int i = 0; i < n; i++) {
            outputs[i] = java.util.Arrays.copyOfRange(out, i * actions, (i + 1) * actions);
        }
        return outputs;
    }
}
