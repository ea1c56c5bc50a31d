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

    /**
     * A builder for the stack of family {@code family}, d = {@code hiddenSize}, with {@code layers} layers of
     * {@code heads} heads; multi-head attention (kvHeads = heads, headDim = d / heads), no position table, no
     * token types, no extra norms and no biases until said otherwise.
     */
    public static Builder builder(String family, int hiddenSize, int layers, int heads) {
        return new Builder(family, hiddenSize, layers, heads);
    }

    /** Builds an {@link Architecture} by named parts; each family's config maps its JSON names onto them once. */
    public static final class Builder {
        private final String family;
        private final int hiddenSize;
        private final int layers;
        private final int heads;
        private int kvHeads;
        private int headDim;
        private int intermediateSize;
        private int vocabSize;
        private int maxPositions;
        private int positionOffset;
        private int tokenTypes;
        private Layout layout = Layout.PRE_NORM;
        private Norm norm = Norm.LAYER_NORM;
        private float normEps = 1e-5f;
        private boolean embeddingNorm;
        private boolean finalNorm;
        private Position position = Position.LEARNED;
        private Optional<Rotary> rotary = Optional.empty();
        private Mlp mlp = Mlp.DENSE;
        private Activation activation = Activation.GELU;
        private boolean qkvBias;
        private boolean outputBias;
        private boolean mlpBias;
        private Map<Projection, String> moduleNames = Map.of();

        private Builder(String family, int hiddenSize, int layers, int heads) {
            this.family = family;
            this.hiddenSize = hiddenSize;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = heads;
            this.headDim = heads > 0 ? hiddenSize / heads : 0;
        }

        /** Grouped-query attention: {@code kvHeads} key/value heads of width {@code headDim}. */
        public Builder attention(int kvHeadCount, int headWidth) {
            this.kvHeads = kvHeadCount;
            this.headDim = headWidth;
            return this;
        }

        /** The feed-forward shape, its width and activation. */
        public Builder feedForward(Mlp shape, int width, Activation act) {
            this.mlp = shape;
            this.intermediateSize = width;
            this.activation = act;
            return this;
        }

        public Builder vocabulary(int rows) {
            this.vocabSize = rows;
            return this;
        }

        /** A learned position table of {@code rows} rows whose position 0 is row {@code offset}. */
        public Builder learnedPositions(int rows, int offset) {
            this.position = Position.LEARNED;
            this.maxPositions = rows;
            this.positionOffset = offset;
            return this;
        }

        /** Rotary positions (no table). */
        public Builder rotaryPositions(Rotary parameters) {
            this.position = Position.ROTARY;
            this.rotary = Optional.of(parameters);
            this.maxPositions = 0;
            this.positionOffset = 0;
            return this;
        }

        /** BERT's token-type table of {@code rows} rows (type 0 is added to every token). */
        public Builder tokenTypes(int rows) {
            this.tokenTypes = rows;
            return this;
        }

        /** Where the norms sit, which norm and its epsilon. */
        public Builder normalisation(Layout where, Norm which, float eps) {
            this.layout = where;
            this.norm = which;
            this.normEps = eps;
            return this;
        }

        /** A norm right after the embeddings (BERT). */
        public Builder embeddingNorm() {
            this.embeddingNorm = true;
            return this;
        }

        /** A norm after the last layer (pre-norm decoders). */
        public Builder finalNorm(boolean present) {
            this.finalNorm = present;
            return this;
        }

        /** Which projections have biases: q/k/v, the attention output, the feed-forward. */
        public Builder biases(boolean qkv, boolean output, boolean feedForward) {
            this.qkvBias = qkv;
            this.outputBias = output;
            this.mlpBias = feedForward;
            return this;
        }

        /** The checkpoint's name of each projection. */
        public Builder moduleNames(Map<Projection, String> names) {
            this.moduleNames = names;
            return this;
        }

        public Architecture build() {
            return new Architecture(family, hiddenSize, layers, heads, kvHeads, headDim, intermediateSize, vocabSize,
                    maxPositions, positionOffset, tokenTypes, layout, norm, normEps, embeddingNorm, finalNorm, position,
                    rotary, mlp, activation, qkvBias, outputBias, mlpBias, moduleNames);
        }
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
