package org.netllm.backbone.transformer;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The family-free shape of a transformer stack, to which each family's config maps once.
 *
 * @param family           bert, gpt2, opt, llama, qwen2, mistral, ...
 * @param hiddenSize       d
 * @param layers           depth
 * @param heads            query heads H
 * @param kvHeads          key/value heads H_kv (H for multi-head attention; fewer for grouped-query)
 * @param headDim          D_h
 * @param intermediateSize width of the feed-forward layer
 * @param vocabSize        rows of the token embedding table
 * @param maxPositions     rows of the learned position table (0 with rotary)
 * @param positionOffset   first row used by position 0 (OPT: 2)
 * @param tokenTypes       rows of BERT's token-type table (0: none); type 0 is added to every token
 * @param layout           where the norms sit
 * @param norm             LayerNorm or RMSNorm
 * @param normEps          the norms' epsilon
 * @param embeddingNorm    a norm right after the embeddings (BERT)
 * @param finalNorm        a norm after the last layer (pre-norm decoders)
 * @param position         learned table or rotary
 * @param rotary           rotary parameters when position is ROTARY
 * @param mlp              dense (up, act, down) or gated (act(gate)·up, down)
 * @param activation       the feed-forward activation
 * @param qkvBias          q, k, v projections have biases
 * @param outputBias       the attention output projection has a bias
 * @param mlpBias          feed-forward projections have biases
 * @param moduleNames      the checkpoint's name of each projection (q_proj, query, c_fc, ...)
 */
public record Architecture(String family, int hiddenSize, int layers, int heads, int kvHeads, int headDim,
                           int intermediateSize, int vocabSize, int maxPositions, int positionOffset, int tokenTypes,
                           Layout layout, Norm norm, float normEps, boolean embeddingNorm, boolean finalNorm,
                           Position position, Optional<Rotary> rotary, Mlp mlp, Activation activation,
                           boolean qkvBias, boolean outputBias, boolean mlpBias, Map<Projection, String> moduleNames) {

    /** The Llama family's linear module names (Llama, Mistral, Qwen2 and the tiny test decoder share them). */
    public static Map<Projection, String> llamaProjectionNames() {
        Map<Projection, String> names = new EnumMap<>(Projection.class);
        names.put(Projection.Q, "q_proj");
        names.put(Projection.K, "k_proj");
        names.put(Projection.V, "v_proj");
        names.put(Projection.O, "o_proj");
        names.put(Projection.GATE, "gate_proj");
        names.put(Projection.UP, "up_proj");
        names.put(Projection.DOWN, "down_proj");
        return names;
    }


    /** Pre-norm (GPT-2, OPT, Llama) or post-norm (BERT). */
    public enum Layout { PRE_NORM, POST_NORM }

    /** The normalisation layer. */
    public enum Norm { LAYER_NORM, RMS_NORM }

    /** How positions enter. */
    public enum Position { LEARNED, ROTARY }

    /** The feed-forward shape. */
    public enum Mlp { DENSE, GATED }

    /** Feed-forward activations, by their HF names in the comments. */
    public enum Activation {
        /** "gelu": exact, with erf (BERT). */
        GELU,
        /** "gelu_new" / "gelu_pytorch_tanh": the tanh approximation (GPT-2). */
        GELU_TANH,
        /** "relu" (OPT). */
        RELU,
        /** "silu" (Llama family). */
        SILU
    }

    /** The linear projections of a layer, by role. */
    public enum Projection { Q, K, V, O, UP, GATE, DOWN }

    /**
     * Rotary position embedding parameters (HF's rotate-half layout).
     *
     * @param theta   base of the inverse frequencies
     * @param scaling "default", "linear" or "llama3"
     * @param factor  scaling factor (linear, llama3)
     * @param lowFreqFactor  llama3
     * @param highFreqFactor llama3
     * @param originalMaxPositions llama3
     */
    public record Rotary(double theta, String scaling, double factor, double lowFreqFactor, double highFreqFactor,
                         int originalMaxPositions) {

        /** Plain rotary with base theta. */
        public static Rotary of(double theta) {
            return new Rotary(theta, "default", 1, 0, 0, 0);
        }
    }

    public Architecture {
        if (hiddenSize <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("sizes must be positive: d=" + hiddenSize + " layers=" + layers
                    + " heads=" + heads + " kvHeads=" + kvHeads + " headDim=" + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        if (position == Position.ROTARY && (rotary.isEmpty() || headDim % 2 != 0)) {
            throw new IllegalArgumentException("rotary positions need rotary parameters and an even head dim, got "
                    + headDim);
        }
        moduleNames = Map.copyOf(new EnumMap<>(moduleNames));
    }

    /** The checkpoint name of a projection. */
    public String nameOf(Projection projection) {
        return moduleNames.get(projection);
    }

    /** Whether attention is grouped-query (fewer key/value heads than query heads). */
    public boolean groupedQuery() {
        return kvHeads < heads;
    }
}
