package org.netllm.backbone.hf;

import org.netllm.backbone.transformer.Tensor;
import org.netllm.backbone.transformer.WeightSource;

/** Llama-family tensors ({@code model.*}) under canonical names; linear weights are already {@code (out, in)}. */
final class LlamaWeights implements WeightSource {

    private final SafetensorsCheckpoint checkpoint;

    LlamaWeights(SafetensorsCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public Tensor tensor(String canonicalName) {
        CanonicalName n = CanonicalName.parse(canonicalName);
        if (!n.inLayer()) {
            return switch (n.module()) {
                case "embed_tokens" -> checkpoint.read("embed_tokens.weight");
                case "final_norm" -> checkpoint.read("norm." + n.kind());
                default -> null;
            };
        }
        String module = switch (n.module()) {
            case "q" -> "self_attn.q_proj";
            case "k" -> "self_attn.k_proj";
            case "v" -> "self_attn.v_proj";
            case "o" -> "self_attn.o_proj";
            case "gate" -> "mlp.gate_proj";
            case "up" -> "mlp.up_proj";
            case "down" -> "mlp.down_proj";
            case "attn_norm" -> "input_layernorm";
            case "mlp_norm" -> "post_attention_layernorm";
            default -> null;
        };
        return module == null ? null : checkpoint.read("layers." + n.layer() + "." + module + "." + n.kind());
    }

    @Override
    public String sha256() {
        return checkpoint.sha256();
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
