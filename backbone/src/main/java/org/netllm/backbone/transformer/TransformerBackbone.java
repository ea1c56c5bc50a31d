package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.BackboneSpec;
import org.netllm.backbone.KvCache;
import org.netllm.backbone.LoraConfig;
import org.netllm.backbone.ParameterCounts;
import org.netllm.backbone.lora.LoraLinear;

/**
 * A transformer stack of any supported family behind the {@link Backbone} contract.
 *
 * <p>Dimensions: B batch, T positions, d width. Forward: embeddings {@code (B, T, d)} (plus, inside, learned
 * position embeddings, BERT's token-type-0 embedding and embedding norm where the family has them) → layers →
 * final norm (pre-norm families) → {@code (B, T, d)}.
 *
 * <p>Once loaded, forward passes may run concurrently (all per-call state lives in the caller's managers and
 * caches); {@link #mergeLora()} and {@link #unmergeLora()} must not overlap with them.
 */
public final class TransformerBackbone extends AbstractBlock implements Backbone {

    /** Added to attention scores of masked positions; finite so that fully masked rows stay finite. */
    private static final float MASKED = -1e9f;

    private final Architecture arch;
    private final String id;
    private final boolean causal;
    private final int span;
    private final Parameter tokenEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final Normalization embeddingNorm;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Normalization finalNorm;
    private final RotaryEmbedding rotary;
    private String weightsSha256 = "unset";

    /**
     * Builds the stack without weights; {@link #load} gives it weights.
     *
     * @param arch      the architecture
     * @param id        a stable identifier (bge-small, a directory name, ...)
     * @param attention causal or bidirectional
     * @param span      causal only: positions a position attends, itself included (0: no limit)
     * @param lora      adapters, if any
     */
    public TransformerBackbone(Architecture arch, String id, BackboneOptions.Attention attention, int span,
                               Optional<LoraConfig> lora) {
        this.arch = arch;
        this.id = id;
        this.causal = attention == BackboneOptions.Attention.CAUSAL;
        this.span = span;
        LoraPlan plan = LoraPlan.of(arch, lora);
        this.tokenEmbeddings = addParameter(weight("embed_tokens"));
        this.positionEmbeddings = arch.position() == Architecture.Position.LEARNED
                ? addParameter(weight("embed_positions")) : null;
        this.tokenTypeEmbeddings = arch.tokenTypes() > 0 ? addParameter(weight("token_type_embeddings")) : null;
        // Children are persistence keys by ordinal: append only.
        this.embeddingNorm = arch.embeddingNorm() ? addChildBlock("embeddings_norm", Normalization.of(arch)) : null;
        for (int i = 0; i < arch.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(arch, plan)));
        }
        this.finalNorm = arch.finalNorm() ? addChildBlock("final_norm", Normalization.of(arch)) : null;
        this.rotary = arch.position() == Architecture.Position.ROTARY
                ? new RotaryEmbedding(arch.headDim(), arch.rotary().orElseThrow()) : null;
    }

    private static Parameter weight(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    }

    /** The architecture this stack was built from. */
    public Architecture architecture() {
        return arch;
    }

    /** Causal only: positions a position attends, itself included (0: no limit). */
    public int span() {
        return span;
    }

    /** The layers, in order. */
    public List<TransformerLayer> layers() {
        return List.copyOf(layers);
    }

    /**
     * The base weights by canonical name with their shapes: {@code embed_tokens.weight},
     * {@code layers.<i>.<q|k|v|o|gate|up|down>.<weight|bias>}, {@code layers.<i>.<attn_norm|mlp_norm>.<weight|bias>},
     * {@code final_norm.*}, ... (LoRA parameters excluded).
     */
    public Map<String, Slot> baseWeights() {
        Map<String, Slot> slots = new LinkedHashMap<>();
        int d = arch.hiddenSize();
        slots.put("embed_tokens.weight", new Slot(tokenEmbeddings, new Shape(arch.vocabSize(), d)));
        if (positionEmbeddings != null) {
            slots.put("embed_positions.weight", new Slot(positionEmbeddings, new Shape(arch.maxPositions(), d)));
        }
        if (tokenTypeEmbeddings != null) {
            slots.put("token_type_embeddings.weight", new Slot(tokenTypeEmbeddings, new Shape(arch.tokenTypes(), d)));
        }
        if (embeddingNorm != null) {
            putNorm(slots, "embeddings_norm", embeddingNorm);
        }
        for (int i = 0; i < layers.size(); i++) {
            TransformerLayer layer = layers.get(i);
            String prefix = "layers." + i + ".";
            putNorm(slots, prefix + "attn_norm", layer.attentionNorm());
            SelfAttention attention = layer.attention();
            putLinear(slots, prefix + "q", attention.q());
            putLinear(slots, prefix + "k", attention.k());
            putLinear(slots, prefix + "v", attention.v());
            putLinear(slots, prefix + "o", attention.o());
            putNorm(slots, prefix + "mlp_norm", layer.mlpNorm());
            FeedForward mlp = layer.mlp();
            if (mlp.gate() != null) {
                putLinear(slots, prefix + "gate", mlp.gate());
            }
            putLinear(slots, prefix + "up", mlp.up());
            putLinear(slots, prefix + "down", mlp.down());
        }
        if (finalNorm != null) {
            putNorm(slots, "final_norm", finalNorm);
        }
        return slots;
    }

    private void putNorm(Map<String, Slot> slots, String name, Normalization norm) {
        Shape shape = new Shape(arch.hiddenSize());
        if (norm instanceof LayerNorm ln) {
            slots.put(name + ".weight", new Slot(ln.weight(), shape));
            slots.put(name + ".bias", new Slot(ln.bias(), shape));
        } else if (norm instanceof RmsNorm rms) {
            slots.put(name + ".weight", new Slot(rms.weight(), shape));
        }
    }

    private static void putLinear(Map<String, Slot> slots, String name, LoraLinear linear) {
        slots.put(name + ".weight", new Slot(linear.weight(), linear.weightShape()));
        if (linear.bias() != null) {
            slots.put(name + ".bias", new Slot(linear.bias(), linear.biasShape()));
        }
    }

    /**
     * A base weight and the shape it must have.
     *
     * @param parameter the parameter
     * @param shape     its shape
     */
    public record Slot(Parameter parameter, Shape shape) {
    }

    /** Every linear layer (adapted or not), layer by layer. */
    public List<LoraLinear> linears() {
        List<LoraLinear> all = new ArrayList<>();
        for (TransformerLayer layer : layers) {
            all.addAll(layer.attention().projections());
            all.addAll(layer.mlp().projections());
        }
        return all;
    }

    /**
     * Gives every parameter its array: base weights from {@code source} (checked against their shapes), adapters
     * initialised as PEFT does with {@code loraSeed}; then marks the block initialised.
     */
    public void load(WeightSource source, long loraSeed, NDManager manager) {
        for (var entry : baseWeights().entrySet()) {
            Tensor tensor = source.tensor(entry.getKey());
            Shape expected = entry.getValue().shape();
            if (tensor == null) {
                throw new BackboneLoadException("the " + arch.family() + " checkpoint '" + id + "' lacks the weight "
                        + entry.getKey() + " " + expected);
            }
            if (!tensor.shape().equals(expected)) {
                throw new BackboneLoadException("the " + arch.family() + " checkpoint '" + id + "' has weight "
                        + entry.getKey() + " of shape " + tensor.shape() + " where the config implies " + expected);
            }
            entry.getValue().parameter().setArray(manager.create(tensor.data().duplicate(), expected));
        }
        Random random = new Random(loraSeed);
        for (LoraLinear linear : linears()) {
            linear.initAdapter(manager, random);
        }
        this.weightsSha256 = source.sha256();
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, arch.hiddenSize()), new Shape(1, 1));
    }

    @Override
    public BackboneSpec spec() {
        return new BackboneSpec(id, arch.family(), arch.hiddenSize(), arch.layers(), arch.heads(), causal);
    }

    @Override
    public String weightsSha256() {
        return weightsSha256;
    }

    @Override
    public List<String> loraTargetableModules() {
        return LoraPlan.targetableNames(arch);
    }

    @Override
    public ParameterCounts parameterCounts() {
        return ParameterCounts.of(getParameters(), (name, p) -> Backbone.isLoraParameter(name));
    }

    @Override
    public NDArray embedTokens(NDArray ids) {
        NDArray table = tokenEmbeddings.getArray();
        NDArray embedded = Embedding.embedding(ids.toType(DataType.INT64, false), table, SparseFormat.DENSE).head();
        embedded.attach(ids.getManager());
        return embedded;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(run(ps, embeddings, mask, null, null, training));
    }

    @Override
    public NDArray forwardIncremental(ParameterStore ps, NDArray newEmbeddings, KvCache cache) {
        if (!causal) {
            throw new IllegalStateException("incremental decoding needs a causal backbone; " + id
                    + " was built bidirectional");
        }
        if (cache.layers() != layers.size()) {
            throw new IllegalArgumentException("cache has " + cache.layers() + " layers, backbone " + layers.size());
        }
        return run(ps, newEmbeddings, null, cache, null, false);
    }

    @Override
    public NDArray forwardAfter(ParameterStore ps, NDArray newEmbeddings, KvCache cache, long[] lengths) {
        if (!causal) {
            throw new IllegalStateException("incremental decoding needs a causal backbone; " + id
                    + " was built bidirectional");
        }
        if (cache.layers() != layers.size()) {
            throw new IllegalArgumentException("cache has " + cache.layers() + " layers, backbone " + layers.size());
        }
        Shape shape = newEmbeddings.getShape();
        if (shape.dimension() != 3 || shape.get(0) != lengths.length || shape.get(1) != 1) {
            throw new IllegalArgumentException("forwardAfter takes one new position per row: (" + lengths.length
                    + ", 1, d) for " + lengths.length + " lengths, got " + shape);
        }
        for (long length : lengths) {
            if (length < 0 || length > cache.length()) {
                throw new IllegalArgumentException("a row length of " + length + " outside the cache's 0.."
                        + cache.length());
            }
        }
        return run(ps, newEmbeddings, null, cache, lengths, false);
    }

    @Override
    public KvCache newCache(NDManager manager) {
        return new KvCache(manager, layers.size());
    }

    /**
     * @param rowLengths null, or per row the cached positions it attends and its one new position's id
     *                   ({@link #forwardAfter})
     */
    private NDArray run(ParameterStore ps, NDArray embeddings, NDArray mask, KvCache cache, long[] rowLengths,
                        boolean training) {
        NDManager m = embeddings.getManager();
        var device = embeddings.getDevice();
        Shape shape = embeddings.getShape();
        if (shape.dimension() != 3 || shape.get(2) != arch.hiddenSize()) {
            throw new IllegalArgumentException("backbone " + id + " expects embeddings (B, T, " + arch.hiddenSize()
                    + "), got " + shape);
        }
        int t = Math.toIntExact(shape.get(1));
        long past = cache == null ? 0 : cache.length();
        NDArray x = embeddings;                                                  // (B, T, d)
        if (positionEmbeddings != null && rowLengths != null) {
            NDArray table = ps.getValue(positionEmbeddings, device, training);
            NDList rows = new NDList(rowLengths.length);
            for (long length : rowLengths) {
                if (length + arch.positionOffset() >= arch.maxPositions()) {
                    throw new IllegalArgumentException("backbone " + id + " has " + (arch.maxPositions()
                            - arch.positionOffset()) + " learned positions; asked for position " + length);
                }
                rows.add(stepScoped(table.get(length + arch.positionOffset()), m));
            }
            x = x.add(NDArrays.stack(rows).expandDims(1)); // + (B, 1, d)
        } else if (positionEmbeddings != null) {
            long from = past + arch.positionOffset();
            if (from + t > arch.maxPositions()) {
                throw new IllegalArgumentException("backbone " + id + " has " + (arch.maxPositions()
                        - arch.positionOffset()) + " learned positions; asked for positions up to " + (past + t));
            }
            NDArray table = ps.getValue(positionEmbeddings, device, training);
            x = x.add(stepScoped(table.get(new NDIndex("{}:{}", from, from + t)), m)); // + (T, d)
        }
        if (tokenTypeEmbeddings != null) {
            x = x.add(stepScoped(ps.getValue(tokenTypeEmbeddings, device, training).get(0), m)); // + (d)
        }
        if (embeddingNorm != null) {
            x = embeddingNorm.apply(ps, x, training);
        }
        NDArray[] angles = rotary == null ? null
                : rowLengths == null ? rotary.tables(m, past, t) : rowAngles(m, rowLengths);
        if (angles != null) {
            angles[0] = angles[0].toDevice(device, false);
            angles[1] = angles[1].toDevice(device, false);
        }
        NDArray maskBias = (rowLengths == null ? maskBias(m, mask, t, past) : rowMaskBias(m, rowLengths, past))
                .toDevice(device, false);                                        // (B|1, 1, T, S)
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(ps, x, maskBias, angles, cache, i, training);
        }
        if (finalNorm != null) {
            x = finalNorm.apply(ps, x, training);
        }
        if (cache != null) {
            cache.advance(t);
        }
        return x;
    }

    /** Rotary {cos, sin} of each row's one new position {@code (B, 1, 1, D_h)}: broadcast over heads. */
    private NDArray[] rowAngles(NDManager m, long[] rowLengths) {
        NDList cos = new NDList(rowLengths.length);
        NDList sin = new NDList(rowLengths.length);
        for (long length : rowLengths) {
            NDArray[] one = rotary.tables(m, length, 1); // (1, D_h)
            cos.add(one[0]);
            sin.add(one[1]);
        }
        return new NDArray[] {NDArrays.stack(cos).expandDims(1), NDArrays.stack(sin).expandDims(1)};
    }

    /**
     * Row b's new position (position id {@code rowLengths[b]}) attends those of its first {@code rowLengths[b]}
     * cached keys within the span, and itself (the last key).
     */
    private NDArray rowMaskBias(NDManager m, long[] rowLengths, long past) {
        int s = Math.toIntExact(past + 1);
        float[] bias = new float[rowLengths.length * s];
        for (int b = 0; b < rowLengths.length; b++) {
            for (int k = 0; k < s - 1; k++) {
                if (k >= rowLengths[b] || !attends(rowLengths[b], k)) {
                    bias[b * s + k] = MASKED;
                }
            }
        }
        return m.create(bias, new Shape(rowLengths.length, 1, 1, s));
    }

    /** Whether the position {@code query} may attend the position {@code key} under causal order and the span. */
    private boolean attends(long query, long key) {
        return key <= query && (span == 0 || key > query - span);
    }

    /** Slices of a weight join the weight's long-lived manager; this moves one to the step's manager. */
    private static NDArray stepScoped(NDArray slice, NDManager step) {
        slice.attach(step);
        return slice;
    }

    /** 0 where a query may attend a key, {@link #MASKED} elsewhere: causal order, the span and padded keys. */
    private NDArray maskBias(NDManager m, NDArray mask, int t, long past) {
        int s = Math.toIntExact(past + t);
        float[] order = new float[t * s];
        if (causal) {
            for (int q = 0; q < t; q++) {
                for (int k = 0; k < s; k++) {
                    order[q * s + k] = attends(past + q, k) ? 0f : MASKED;
                }
            }
        }
        NDArray bias = m.create(order, new Shape(1, 1, t, s));
        if (mask == null) {
            return bias;
        }
        long b = mask.getShape().get(0);
        NDArray keys = mask.toType(DataType.FLOAT32, false).toDevice(m.getDevice(), false);
        NDArray keyBias = keys.neg().add(1f).mul(MASKED).reshape(b, 1, 1, s);   // (B, 1, 1, S)
        return bias.add(keyBias);
    }

    @Override
    public void mergeLora() {
        linears().forEach(LoraLinear::merge);
    }

    @Override
    public void unmergeLora() {
        linears().forEach(LoraLinear::unmerge);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String toString() {
        return id + " (" + arch.family() + ", d=" + arch.hiddenSize() + ", " + arch.layers() + " layers)";
    }
}
