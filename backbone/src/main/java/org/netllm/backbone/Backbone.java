package org.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A pretrained (or randomly initialised) transformer used as NetLLM's frozen backbone.
 *
 * <p>As a DJL {@link Block}: input {@code NDList(embeddings (B, T, d), attentionMask (B, T))} where the mask
 * holds 1 for real positions and 0 for padding (it may be omitted: all ones); output
 * {@code NDList(hidden (B, T, d))}, the states after the final norm. Causal unless the spec says otherwise.
 * The backbone adds its own position information (learned position embeddings or rotary) to the embeddings.
 *
 * <p>Parameter names: base weights carry the checkpoint's module names (e.g. {@code q_proj}, {@code query});
 * LoRA adapter parameters, and only they, contain {@code lora_A} or {@code lora_B} (see {@link #isLoraParameter}).
 * Instances are returned initialised with their weights by {@link Backbones}.
 */
public interface Backbone extends Block {

    /** Architecture facts: family, width d, depth, heads, whether attention is causal. */
    BackboneSpec spec();

    /**
     * SHA-256 (hex) of the weight source: the ONNX file, or the safetensors files in name order; for random
     * weights {@code random:<seed>}.
     */
    String weightsSha256();

    /** The linear modules LoRA can target in this family, by their checkpoint names (e.g. q_proj, v_proj). */
    List<String> loraTargetableModules();

    /** Trainable (LoRA) and total parameter counts. */
    ParameterCounts parameterCounts();

    /**
     * Looks up token ids in the input embedding table: {@code ids (B, T)} int64 → {@code (B, T, d)}.
     * Only for feeding text tokens (the {@code backbone forward} command); NetLLM feeds its own embeddings.
     */
    NDArray embedTokens(NDArray ids);

    /**
     * Runs {@code newEmbeddings (B, T, d)} after the positions already in {@code cache} and appends their keys
     * and values to it; position ids continue from the cache length. Returns hidden states {@code (B, T, d)}.
     * Equals the matching rows of a full causal forward. Needs a causal backbone.
     */
    NDArray forwardIncremental(ParameterStore parameterStore, NDArray newEmbeddings, KvCache cache);

    /**
     * Runs one new position per row, {@code newEmbeddings (B, 1, d)}, after only the first {@code lengths[b]} cached
     * positions of row b (the rest of the row, e.g. a shorter sequence's right padding, is not attended): its
     * position id is {@code lengths[b]}. Returns hidden states {@code (B, 1, d)}, each equal to row b's
     * {@link #forwardIncremental} after a cache of its first {@code lengths[b]} positions. The new keys and values
     * are appended at the cache's end, so the cache is ragged afterwards: close it, or use it only with the same
     * lengths. Needs a causal backbone.
     */
    NDArray forwardAfter(ParameterStore parameterStore, NDArray newEmbeddings, KvCache cache, long[] lengths);

    /** A new, empty key/value cache whose arrays live in a sub-manager of {@code manager} (close it when done). */
    KvCache newCache(NDManager manager);

    /** Adds every adapter's {@code scaling · B·A} into its base weight (inference); forward then skips LoRA. */
    void mergeLora();

    /** Undoes {@link #mergeLora()}. */
    void unmergeLora();

    /**
     * Freezes every base weight and unfreezes every LoRA parameter. Call it after creating a DJL Trainer (a
     * trainer unfreezes the parameters it is created with).
     */
    default void freezeBaseWeights() {
        for (var p : getParameters()) {
            p.getValue().freeze(!isLoraParameter(p.getKey()));
        }
    }

    /** Whether a (DJL, prefixed) parameter name belongs to a LoRA adapter. */
    static boolean isLoraParameter(String name) {
        return name.contains("lora_A") || name.contains("lora_B");
    }

    /** Whether a parameter belongs to a LoRA adapter. */
    static boolean isLoraParameter(Parameter parameter) {
        return isLoraParameter(parameter.getName());
    }
}
