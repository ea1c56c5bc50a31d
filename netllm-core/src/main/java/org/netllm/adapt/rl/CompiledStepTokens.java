package org.netllm.adapt.rl;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.Modality;
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

    /** DJL's LayerNorm default epsilon, which {@code FeatureEmbedding}'s norm uses. */
    private static final float NORM_EPS = 1e-5f;

    /** One input's token: a feature encoder, then projection and norm. */
    private record Feature(Modality modality, int channels, int length, int kernel, int filters,
                           float[] encoderWeight, float[] encoderBias, CompiledLinear projection,
                           float[] gamma, float[] beta) {
    }

    private final int width;
    private final List<Feature> features;
    private final float[] returnWeight;
    private final float[] returnBias;
    private final float[] actionWeight;
    private final float[] actionBias;
    private final int actions;
    private final float[] timesteps;
    private final int maxTimestep;
    private final CompiledLinear head;

    private CompiledStepTokens(int width, List<Feature> features, float[] returnWeight, float[] returnBias,
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
        List<InputSpec> inputs = model.encoder().inputs();
        for (InputSpec spec : inputs) {
            if (spec.modality() != Modality.SCALAR && spec.modality() != Modality.SEQUENCE) {
                return Optional.empty();
            }
        }
        int d = model.backbone().spec().hiddenSize();
        List<Block> embeddings = model.encoder().getChildren().values();
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSpec spec = inputs.get(i);
            List<Block> parts = embeddings.get(i).getChildren().values(); // encoder, projection, norm
            Block encoder = parts.get(0).getChildren().values().get(0);   // linear or conv
            float[] encoderWeight = array(encoder, "weight");
            float[] encoderBias = array(encoder, "bias");
            int channels;
            int length;
            int kernel;
            int filters = encoderBias.length;
            if (spec.modality() == Modality.SCALAR) {
                channels = spec.shape().get(0);
                length = 1;
                kernel = 1;
            } else {
                channels = spec.shape().get(0);
                length = spec.shape().get(1);
                kernel = encoderWeight.length / (filters * channels);
            }
            int featureWidth = filters * (length - kernel + 1);
            CompiledLinear projection = CompiledLinear.of(array(parts.get(1), "weight"), featureWidth, d,
                    array(parts.get(1), "bias"));
            features.add(new Feature(spec.modality(), channels, length, kernel, filters, encoderWeight, encoderBias,
                    projection, array(parts.get(2), "gamma"), array(parts.get(2), "beta")));
        }
        Block returns = child(model, "return_embedding");
        Block action = child(model, "action_embedding");
        Block time = child(model, "timestep_embedding");
        Block logits = model.head().getChildren().values().get(0);
        int actions = model.head().spec().outputWidth();
        return Optional.of(new CompiledStepTokens(d, List.copyOf(features), array(returns, "weight"),
                array(returns, "bias"), array(action, "weight"), array(action, "bias"), actions, array(time, "weight"),
                model.conditioning().maxTimestep(),
                CompiledLinear.of(array(logits, "weight"), d, actions, array(logits, "bias"))));
    }

    private static Block child(Block parent, String name) {
        for (var entry : parent.getChildren()) {
            if (entry.getKey().endsWith(name)) {
                return entry.getValue();
            }
        }
        throw new IllegalStateException("the model has no block named " + name);
    }

    private static float[] array(Block block, String name) {
        for (var entry : block.getDirectParameters()) {
            if (entry.getKey().equals(name)) {
                Parameter parameter = entry.getValue();
                return parameter.getArray().toFloatArray();
            }
        }
        throw new IllegalStateException("block " + block.getClass().getSimpleName() + " has no parameter " + name);
    }

    /**
     * The step's tokens {@code [return, one per input…, action]} plus its timestep's row, {@code (K+2)·d}; the action
     * token only when the step's action is known (else {@code (K+1)·d}).
     */
    float[] tokens(DecisionSession.Step step, ReturnConditioning conditioning) {
        int d = width;
        int count = features.size() + (step.action() == null ? 1 : 2);
        float[] tokens = new float[count * d];
        float normalised = (float) (step.returnToGo() / conditioning.returnScale());
        for (int c = 0; c < d; c++) {
            tokens[c] = returnWeight[c] * normalised + returnBias[c];
        }
        for (int i = 0; i < features.size(); i++) {
            feature(features.get(i), step.state()[i], tokens, (i + 1) * d);
        }
        if (step.action() != null) {
            int a = Math.round(step.action()[0]);
            if (a < 0 || a >= actions) {
                throw new IllegalArgumentException("action " + a + " outside the head's " + actions + " actions");
            }
            int at = (features.size() + 1) * d;
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

    private void feature(Feature f, float[] input, float[] tokens, int at) {
        int outLength = f.length() - f.kernel() + 1;
        float[] encoded = new float[f.filters() * outLength];
        for (int filter = 0; filter < f.filters(); filter++) {
            for (int j = 0; j < outLength; j++) {
                float sum = f.encoderBias()[filter];
                for (int channel = 0; channel < f.channels(); channel++) {
                    for (int k = 0; k < f.kernel(); k++) {
                        // Linear (filters, k) for a scalar input; Conv1d (filters, channels, kernel) for a sequence.
                        sum += f.encoderWeight()[(filter * f.channels() + channel) * f.kernel() + k]
                                * input[channel * f.length() + j + k];
                    }
                }
                encoded[filter * outLength + j] = Math.max(sum, 0f);
            }
        }
        float[] projected = new float[width];
        f.projection().apply(encoded, 1, projected);
        double mean = 0;
        for (float v : projected) {
            mean += v;
        }
        mean /= width;
        double variance = 0;
        for (float v : projected) {
            variance += (v - mean) * (v - mean);
        }
        variance /= width;
        float inverse = (float) (1 / Math.sqrt(variance + NORM_EPS));
        for (int c = 0; c < width; c++) {
            tokens[at + c] = (float) ((projected[c] - mean) * inverse) * f.gamma()[c] + f.beta()[c];
        }
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
