package org.netllm.adapt;

/**
 * Which weights DD-LRNA trains. The encoder, the heads and the return/action/timestep embeddings are always
 * trained; the modes differ only in what happens to the backbone.
 */
public enum AdaptationMode {
    /** NetLLM's default: the backbone is frozen, its low-rank adapters ({@code lora_A}/{@code lora_B}) train. */
    LORA,
    /** The backbone is frozen and has no adapters: only the encoder and heads learn. */
    FROZEN,
    /** Every backbone weight trains (the costly baseline LoRA is compared against). */
    FULL,
    /**
     * The "no pretrained knowledge" ablation: the caller builds the backbone with random weights; it is then
     * adapted exactly as in {@link #LORA}, so the only difference to the default is the missing knowledge.
     */
    RANDOM_INIT;

    /** Whether the backbone needs low-rank adapters in this mode. */
    public boolean usesLora() {
        return this == LORA || this == RANDOM_INIT;
    }

    /** Whether a backbone parameter with this (DJL, prefixed) name is trained in this mode. */
    public boolean trainsBackboneParameter(String name) {
        return switch (this) {
            case FULL -> true;
            case FROZEN -> false;
            case LORA, RANDOM_INIT -> isLoraParameter(name);
        };
    }

    /** LoRA parameters are recognised by name, as the backbone module promises. */
    public static boolean isLoraParameter(String name) {
        return org.netllm.backbone.Backbone.isLoraParameter(name);
    }
}
