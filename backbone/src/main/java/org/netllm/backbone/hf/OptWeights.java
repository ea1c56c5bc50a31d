package org.netllm.backbone.hf;

import org.netllm.backbone.transformer.Tensor;
import org.netllm.backbone.transformer.WeightSource;

/** OPT tensors ({@code model.decoder.*}) under canonical names; linear weights are already {@code (out, in)}. */
final class OptWeights implements WeightSource {

    private final SafetensorsCheckpoint checkpoint;

    OptWeights(SafetensorsCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public Tensor tensor(String canonicalName) {
        CanonicalName n = CanonicalName.parse(canonicalName);
        if (!n.inLayer()) {
            return switch (n.module()) {
                case "embed_tokens" -> checkpoint.read("embed_tokens.weight");
                case "embed_positions" -> checkpoint.read("embed_positions.weight");
                case "final_norm" -> checkpoint.read("final_layer_norm." + n.kind());
                default -> null;
            };
        }
        String layer = "layers." + n.layer() + ".";
        String module = switch (n.module()) {
            case "q" -> "self_attn.q_proj";
            case "k" -> "self_attn.k_proj";
            case "v" -> "self_attn.v_proj";
            case "o" -> "self_attn.out_proj";
            case "attn_norm" -> "self_attn_layer_norm";
            case "mlp_norm" -> "final_layer_norm";
            case "up" -> "fc1";
            case "down" -> "fc2";
            default -> null;
        };
        return module == null ? null : checkpoint.read(layer + module + "." + n.kind());
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
