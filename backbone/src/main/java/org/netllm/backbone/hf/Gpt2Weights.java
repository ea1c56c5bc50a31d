package org.netllm.backbone.hf;

import org.netllm.backbone.transformer.Tensor;
import org.netllm.backbone.transformer.WeightSource;

/**
 * GPT-2 tensors under canonical names. GPT-2's linear layers are Conv1D with weights stored {@code (in, out)}, so
 * they are transposed; {@code attn.c_attn} holds q|k|v side by side and is split by columns.
 */
final class Gpt2Weights implements WeightSource {

    private final SafetensorsCheckpoint checkpoint;
    private final int d;

    Gpt2Weights(SafetensorsCheckpoint checkpoint, int d) {
        this.checkpoint = checkpoint;
        this.d = d;
    }

    @Override
    public Tensor tensor(String canonicalName) {
        CanonicalName n = CanonicalName.parse(canonicalName);
        if (!n.inLayer()) {
            return switch (n.module()) {
                case "embed_tokens" -> checkpoint.read("wte.weight");
                case "embed_positions" -> checkpoint.read("wpe.weight");
                case "final_norm" -> checkpoint.read("ln_f." + n.kind());
                default -> null;
            };
        }
        String h = "h." + n.layer() + ".";
        return switch (n.module()) {
            case "attn_norm" -> checkpoint.read(h + "ln_1." + n.kind());
            case "mlp_norm" -> checkpoint.read(h + "ln_2." + n.kind());
            case "q", "k", "v" -> fusedPart(checkpoint.read(h + "attn.c_attn." + n.kind()), n);
            case "o" -> conv1d(checkpoint.read(h + "attn.c_proj." + n.kind()), n.kind());
            case "up" -> conv1d(checkpoint.read(h + "mlp.c_fc." + n.kind()), n.kind());
            case "down" -> conv1d(checkpoint.read(h + "mlp.c_proj." + n.kind()), n.kind());
            default -> null;
        };
    }

    private Tensor fusedPart(Tensor fused, CanonicalName n) {
        if (fused == null) {
            return null;
        }
        int part = switch (n.module()) {
            case "q" -> 0;
            case "k" -> 1;
            default -> 2;
        };
        if (n.kind().equals("bias")) {
            return fused.range(part * d, (part + 1) * d);
        }
        return fused.columns(part * d, (part + 1) * d).transposed();
    }

    private static Tensor conv1d(Tensor t, String kind) {
        return t == null || kind.equals("bias") ? t : t.transposed();
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
