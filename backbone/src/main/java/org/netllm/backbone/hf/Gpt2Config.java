package org.netllm.backbone.hf;

import java.util.EnumMap;
import java.util.Map;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.Architecture.Projection;

/**
 * GPT-2's {@code config.json}: {@code n_embd, n_layer, n_head, n_inner, n_positions, vocab_size,
 * layer_norm_epsilon, activation_function}.
 */
record Gpt2Config(int embd, int layers, int heads, int inner, int positions, int vocab, float eps, String activation) {

    static Gpt2Config from(ConfigJson c) {
        int embd = c.intValue("n_embd");
        return new Gpt2Config(embd, c.intValue("n_layer"), c.intValue("n_head"), c.intValue("n_inner", 4 * embd),
                c.intValue("n_positions"), c.intValue("vocab_size"), (float) c.doubleValue("layer_norm_epsilon", 1e-5),
                c.text("activation_function", "gelu_new"));
    }

    Architecture architecture() {
        Map<Projection, String> names = new EnumMap<>(Projection.class);
        // c_attn is one fused (q|k|v) Conv1D in the checkpoint; split here, "c_attn" as a LoRA target selects all three.
        names.put(Projection.Q, "c_attn_q");
        names.put(Projection.K, "c_attn_k");
        names.put(Projection.V, "c_attn_v");
        names.put(Projection.O, "c_proj");
        names.put(Projection.UP, "c_fc");
        names.put(Projection.DOWN, "mlp_c_proj");
        return Architecture.builder("gpt2", embd, layers, heads)
                .feedForward(Architecture.Mlp.DENSE, inner, activation(activation))
                .vocabulary(vocab)
                .learnedPositions(positions, 0)
                .normalisation(Architecture.Layout.PRE_NORM, Architecture.Norm.LAYER_NORM, eps)
                .finalNorm(true)
                .biases(true, true, true)
                .moduleNames(names)
                .build();
    }

    static Architecture.Activation activation(String hf) {
        return switch (hf) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Architecture.Activation.GELU_TANH;
            case "gelu" -> Architecture.Activation.GELU;
            case "relu" -> Architecture.Activation.RELU;
            case "silu", "swish" -> Architecture.Activation.SILU;
            default -> throw new BackboneLoadException("unsupported activation_function '" + hf
                    + "' (supported: gelu_new, gelu_pytorch_tanh, gelu, relu, silu)");
        };
    }
}
