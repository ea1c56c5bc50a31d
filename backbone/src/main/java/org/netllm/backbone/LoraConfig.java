package org.netllm.backbone;

import java.util.List;
import java.util.Set;

/**
 * Low-rank adaptation of a backbone's linear modules (Hu et al.; PEFT semantics).
 *
 * @param rank    r, the inner dimension of {@code B·A}
 * @param alpha   the update is scaled by {@code alpha / r}
 * @param dropout dropout on the adapter's input while training
 * @param targets module names to adapt: the family's checkpoint names ({@code q_proj}, {@code query},
 *                {@code c_attn}, ...) or the family-free roles {@code q k v o up gate down}
 * @param seed    seed of the Kaiming-uniform initialisation of A (B starts at zero)
 */
public record LoraConfig(int rank, float alpha, float dropout, Set<String> targets, long seed) {

    /** The default targets: the query and value projections. */
    public static final Set<String> QUERY_VALUE = Set.of("q", "v");

    public LoraConfig {
        if (rank < 1) {
            throw new BackboneLoadException("LoRA rank must be ≥ 1, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new BackboneLoadException("LoRA alpha must be > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BackboneLoadException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (targets == null || targets.isEmpty()) {
            throw new BackboneLoadException("LoRA needs at least one target module, e.g. " + List.copyOf(QUERY_VALUE));
        }
        targets = Set.copyOf(targets);
    }

    /** Rank r on the query and value projections, alpha = 2r, no dropout. */
    public static LoraConfig ofRank(int rank, long seed) {
        return new LoraConfig(rank, 2f * rank, 0f, QUERY_VALUE, seed);
    }

    /** {@code alpha / r}. */
    public float scaling() {
        return alpha / rank;
    }
}
