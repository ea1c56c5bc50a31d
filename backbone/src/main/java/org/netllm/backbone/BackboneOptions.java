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
 */
public record BackboneOptions(Weights weights, long seed, Optional<LoraConfig> lora, Attention attention,
                              DeviceChoice device) {

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
        return new BackboneOptions(weights, seed, Optional.of(config), attention, device);
    }

    /** These options with the given attention. */
    public BackboneOptions withAttention(Attention value) {
        return new BackboneOptions(weights, seed, lora, value, device);
    }

    /** These options on the given device. */
    public BackboneOptions on(DeviceChoice value) {
        return new BackboneOptions(weights, seed, lora, attention, value);
    }
}
