package org.netllm.adapt.encoder;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.netllm.backbone.inference.CompiledLinear;

/**
 * A {@link MultimodalEncoder}'s scalar and sequence inputs computed in Java from its weights (copied once), for the
 * compiled inference paths: each input's feature encoder (linear + ReLU for a scalar, 1D convolution + ReLU for a
 * sequence), projection to the model width and LayerNorm, as the engine computes them. An encoder with image or graph
 * inputs has none ({@link #of} is empty).
 *
 * <p>Immutable; this class is threadsafe.
 */
public final class CompiledEncoder {

    /** DJL's LayerNorm default epsilon, which {@code FeatureEmbedding}'s norm uses. */
    private static final float NORM_EPS = 1e-5f;

    /** One input's token: a feature encoder, then projection and norm. */
    private record Feature(int channels, int length, int kernel, int filters, float[] encoderWeight,
                           float[] encoderBias, CompiledLinear projection, float[] gamma, float[] beta) {
    }

    private final int width;
    private final List<Feature> features;

    private CompiledEncoder(int width, List<Feature> features) {
        this.width = width;
        this.features = features;
    }

    /** The Java form of {@code encoder} (model width {@code d}) when all its inputs are scalars or sequences. */
    public static Optional<CompiledEncoder> of(MultimodalEncoder encoder, int d) {
        List<InputSpec> inputs = encoder.inputs();
        for (InputSpec spec : inputs) {
            if (spec.modality() != Modality.SCALAR && spec.modality() != Modality.SEQUENCE) {
                return Optional.empty();
            }
        }
        List<Block> embeddings = encoder.getChildren().values();
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSpec spec = inputs.get(i);
            List<Block> parts = embeddings.get(i).getChildren().values(); // encoder, projection, norm
            Block featureEncoder = parts.get(0).getChildren().values().get(0);   // linear or conv
            float[] encoderWeight = parameter(featureEncoder, "weight");
            float[] encoderBias = parameter(featureEncoder, "bias");
            int filters = encoderBias.length;
            int channels = spec.shape().get(0);
            int length = spec.modality() == Modality.SCALAR ? 1 : spec.shape().get(1);
            int kernel = spec.modality() == Modality.SCALAR ? 1 : encoderWeight.length / (filters * channels);
            int featureWidth = filters * (length - kernel + 1);
            CompiledLinear projection = CompiledLinear.of(parameter(parts.get(1), "weight"), featureWidth, d,
                    parameter(parts.get(1), "bias"));
            features.add(new Feature(channels, length, kernel, filters, encoderWeight, encoderBias, projection,
                    parameter(parts.get(2), "gamma"), parameter(parts.get(2), "beta")));
        }
        return Optional.of(new CompiledEncoder(d, List.copyOf(features)));
    }

    /** A block's parameter's values, copied out of the engine. */
    public static float[] parameter(Block block, String name) {
        for (var entry : block.getDirectParameters()) {
            if (entry.getKey().equals(name)) {
                Parameter parameter = entry.getValue();
                return parameter.getArray().toFloatArray();
            }
        }
        throw new IllegalStateException("block " + block.getClass().getSimpleName() + " has no parameter " + name);
    }

    /** Tokens per example: one per input. */
    public int tokens() {
        return features.size();
    }

    /** Input {@code index}'s token for {@code input} (its array, channels × length), into {@code out[at, at + d)}. */
    public void token(int index, float[] input, float[] out, int at) {
        Feature f = features.get(index);
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
            out[at + c] = (float) ((projected[c] - mean) * inverse) * f.gamma()[c] + f.beta()[c];
        }
    }
}
