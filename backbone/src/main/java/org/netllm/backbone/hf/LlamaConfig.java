package org.netllm.backbone.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.Architecture.Projection;

/**
 * The Llama family's {@code config.json} (llama, mistral, qwen2): {@code hidden_size, num_hidden_layers,
 * num_attention_heads, num_key_value_heads, head_dim, intermediate_size, vocab_size, rms_norm_eps, rope_theta,
 * rope_scaling, attention_bias, mlp_bias, hidden_act}. Qwen2 always has q/k/v biases (and no o bias).
 */
record LlamaConfig(String modelType, int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate,
                   int vocab, float eps, Architecture.Rotary rotary, boolean qkvBias, boolean outputBias,
                   boolean mlpBias, String activation) {

    static LlamaConfig from(ConfigJson c, String modelType) {
        int hidden = c.intValue("hidden_size");
        int heads = c.intValue("num_attention_heads");
        boolean qwen = modelType.equals("qwen2");
        boolean attentionBias = c.boolValue("attention_bias", false);
        return new LlamaConfig(modelType, hidden, c.intValue("num_hidden_layers"), heads,
                c.intValue("num_key_value_heads", heads), c.intValue("head_dim", hidden / heads),
                c.intValue("intermediate_size"), c.intValue("vocab_size"), (float) c.doubleValue("rms_norm_eps", 1e-6),
                rotary(c), qwen || attentionBias, !qwen && attentionBias, c.boolValue("mlp_bias", false),
                c.text("hidden_act", "silu"));
    }

    private static Architecture.Rotary rotary(ConfigJson c) {
        double theta = c.doubleValue("rope_theta", 10000);
        JsonNode scaling = c.node("rope_scaling");
        if (scaling == null) {
            return Architecture.Rotary.of(theta);
        }
        String type = scaling.has("rope_type") ? scaling.get("rope_type").asText()
                : scaling.path("type").asText("default");
        return switch (type) {
            case "default" -> Architecture.Rotary.of(theta);
            case "linear" -> new Architecture.Rotary(theta, "linear", scaling.path("factor").asDouble(1), 0, 0, 0);
            case "llama3" -> new Architecture.Rotary(theta, "llama3", scaling.path("factor").asDouble(8),
                    scaling.path("low_freq_factor").asDouble(1), scaling.path("high_freq_factor").asDouble(4),
                    scaling.path("original_max_position_embeddings").asInt(8192));
            default -> throw new BackboneLoadException(c.file() + ": rope_scaling type '" + type
                    + "' is not supported (supported: default, linear, llama3)");
        };
    }

    Architecture architecture() {
        Map<Projection, String> names = Architecture.llamaProjectionNames();
        return Architecture.builder(modelType, hidden, layers, heads)
                .attention(kvHeads, headDim)
                .feedForward(Architecture.Mlp.GATED, intermediate, Gpt2Config.activation(activation))
                .vocabulary(vocab)
                .rotaryPositions(rotary)
                .normalisation(Architecture.Layout.PRE_NORM, Architecture.Norm.RMS_NORM, eps)
                .finalNorm(true)
                .biases(qkvBias, outputBias, mlpBias)
                .moduleNames(names)
                .build();
    }
}
