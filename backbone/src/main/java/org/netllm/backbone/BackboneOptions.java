package org.netllm.backbone;

import java.util.Optional;

/**
 * How to build a backbone.
 *
 * @param weights   pretrained weights, or random ones (the "no pretrained knowledge" ablation)
 * @param seed      seed of random weights (ignored for pretrained ones)
 * @param lora      adapters to add, if any
 * @param attention causal (NetLLM's use, the default) or bidirectional (BERT's own semantics)
 * @param device    where the weights live
 * @param attentionSpan causal only: a position attends to itself and the {@code attentionSpan − 1} positions
 *                  before it (sliding-window attention, as Mistral's); 0 for no limit. A span keeps every position
 *                  where it was, so a growing context stays exactly cacheable while each layer attends a bounded
 *                  past (L layers reach L·(span − 1) positions back).
 */
public record BackboneOptions(Weights weights, long seed, Optional<LoraConfig> lora, Attention attention,
                              DeviceChoice device, int attentionSpan) {

    /** Where the weights come from. */
    public enum Weights { PRETRAINED, RANDOM }

    /** Which positions a token may attend to. */
    public enum Attention {
        /** Position t attends to positions ≤ t (decoder use; what NetLLM needs). */
        CAUSAL,
        /** Every position attends to every unpadded position (BERT encoders as trained). */
        BIDIRECTIONAL
    }

    /** CPU, or the first CUDA GPU. */
    public enum DeviceChoice { CPU, GPU }

    public BackboneOptions {
        lora = lora == null ? Optional.empty() : lora;
        if (weights == null || attention == null || device == null) {
            throw new IllegalArgumentException("weights, attention and device are required");
        }
        if (attentionSpan < 0 || (attentionSpan > 0 && attention != Attention.CAUSAL)) {
            throw new IllegalArgumentException("an attention span must be 0 (no limit) or positive with causal"
                    + " attention, got " + attentionSpan + " with " + attention);
        }
    }

    /** Options with no limit on how far back a position attends. */
    public BackboneOptions(Weights weights, long seed, Optional<LoraConfig> lora, Attention attention,
                           DeviceChoice device) {
        this(weights, seed, lora, attention, device, 0);
    }

    /** Pretrained weights, causal, no LoRA, on the CPU. */
    public static BackboneOptions pretrained() {
        return new BackboneOptions(Weights.PRETRAINED, 0, Optional.empty(), Attention.CAUSAL, DeviceChoice.CPU);
    }

    /** Random weights drawn with {@code seed} (normal, std 0.02, as HF initialises), causal, no LoRA, CPU. */
    public static BackboneOptions random(long seed) {
        return new BackboneOptions(Weights.RANDOM, seed, Optional.empty(), Attention.CAUSAL, DeviceChoice.CPU);
    }

    /** These options with LoRA adapters. */
    public BackboneOptions withLora(LoraConfig config) {
        return new BackboneOptions(weights, seed, Optional.of(config), attention, device, attentionSpan);
    }

    /** These options with the given attention. */
    public BackboneOptions withAttention(Attention value) {
        return new BackboneOptions(weights, seed, lora, value, device, attentionSpan);
    }

    /** These options on the given device. */
    public BackboneOptions on(DeviceChoice value) {
        return new BackboneOptions(weights, seed, lora, attention, value, attentionSpan);
    }

    /** These options with each position attending at most {@code positions} positions (itself included). */
    public BackboneOptions withAttentionSpan(int positions) {
        return new BackboneOptions(weights, seed, lora, attention, device, positions);
    }
}
