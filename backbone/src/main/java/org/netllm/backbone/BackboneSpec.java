package org.netllm.backbone;

/**
 * The architecture of a backbone as adapters and encoders need it.
 *
 * @param id          a stable identifier, e.g. {@code bge-small} or a checkpoint directory name
 * @param family      bert, gpt2, opt, llama, qwen2, mistral
 * @param hiddenSize  d, the width of every token embedding
 * @param layers      depth
 * @param heads       attention heads
 * @param causal      whether position t only attends to positions ≤ t
 */
public record BackboneSpec(String id, String family, int hiddenSize, int layers, int heads, boolean causal) {
}
