package org.netllm.backbone.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netllm.backbone.lora.LoraLinear;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.LayerNorm;
import org.netllm.backbone.transformer.Normalization;
import org.netllm.backbone.transformer.RmsNorm;
import org.netllm.backbone.transformer.RotaryEmbedding;
import org.netllm.backbone.transformer.TransformerBackbone;
import org.netllm.backbone.transformer.TransformerLayer;

/**
 * A causal {@link TransformerBackbone} compiled for inference: its weights copied out of the engine into plain float
 * arrays, every LoRA update merged in, and a forward pass in Java (the Vector API's FMA kernels where the JVM has
 * the module) that runs many sequences' new positions in one pass, each after its own {@link KeyValueState}.
 *
 * <p>Dimensions: M new positions over all sequences, d width, H query heads, H_kv key/value heads, D_h head width.
 * Each sequence's new positions continue from its state's length (position ids, rotary angles, causal order and the
 * attention span as in {@link TransformerBackbone#forwardIncremental}); the projections and feed-forward layers run
 * over all M rows at once, so a batch of sessions shares each weight load.
 *
 * <p>Immutable after construction; forward passes may run concurrently (each sequence's state belongs to one
 * caller). This class is threadsafe.
 */
public final class CompiledBackbone {

    /** Which hidden states a forward pass returns. */
    public enum Output {
        /** Every new position's (for checks against the training forward). */
        ALL_POSITIONS,
        /** Each sequence's last new position's only; the last layer then skips the other rows' queries and MLP. */
        LAST_POSITION
    }

    /**
     * One sequence's new positions for a forward pass.
     *
     * @param embeddings {@code (T, d)} row-major
     * @param tokens     T
     * @param state      the sequence's keys and values so far; extended by the pass
     */
    public record Segment(float[] embeddings, int tokens, KeyValueState state) {
    }

    private record Norm(float[] weight, float[] bias) {
    }

    private record Layer(Norm attentionNorm, DenseWeights q, DenseWeights k, DenseWeights v, DenseWeights o,
                         Norm mlpNorm, DenseWeights gate, DenseWeights up, DenseWeights down) {
    }

    private final Architecture arch;
    private final String id;
    private final int span;
    private final float[] positionTable;
    private final float[] tokenType0;
    private final Norm embeddingNorm;
    private final List<Layer> layers;
    private final Norm finalNorm;
    private final float[] inverseFrequencies;
    private final Kernels kernel;

    private CompiledBackbone(Architecture arch, String id, int span, float[] positionTable, float[] tokenType0,
                             Norm embeddingNorm, List<Layer> layers, Norm finalNorm, Kernels kernel) {
        this.kernel = kernel;
        this.arch = arch;
        this.id = id;
        this.span = span;
        this.positionTable = positionTable;
        this.tokenType0 = tokenType0;
        this.embeddingNorm = embeddingNorm;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.inverseFrequencies = arch.position() == Architecture.Position.ROTARY
                ? RotaryEmbedding.inverseFrequencies(arch.headDim(), arch.rotary().orElseThrow()) : null;
    }

    /**
     * Copies a causal backbone's weights, each adapter's {@code scaling·B·A} added to its base weight (whether or
     * not the backbone has it merged). Later changes to the backbone do not reach the copy.
     */
    public static CompiledBackbone of(TransformerBackbone backbone) {
        return of(backbone, Kernels.best());
    }

    /** As {@link #of(TransformerBackbone)} with the given kernels. */
    static CompiledBackbone of(TransformerBackbone backbone, Kernels kernels) {
        if (!backbone.spec().causal()) {
            throw new IllegalArgumentException("the compiled forward is causal; backbone " + backbone.spec().id()
                    + " attends both ways");
        }
        Architecture arch = backbone.architecture();
        Map<String, TransformerBackbone.Slot> base = backbone.baseWeights();
        int d = arch.hiddenSize();
        float[] positions = base.containsKey("embed_positions.weight")
                ? floats(base.get("embed_positions.weight").parameter()) : null;
        float[] tokenType0 = null;
        if (base.containsKey("token_type_embeddings.weight")) {
            float[] table = floats(base.get("token_type_embeddings.weight").parameter());
            tokenType0 = java.util.Arrays.copyOf(table, d);
        }
        Norm embeddingNorm = normFrom(base, "embeddings_norm");
        Norm finalNorm = normFrom(base, "final_norm");
        List<Layer> layers = new ArrayList<>();
        for (TransformerLayer layer : backbone.layers()) {
            List<LoraLinear> attention = layer.attention().projections();
            List<LoraLinear> mlp = layer.mlp().projections();
            boolean gated = mlp.size() == 3;
            layers.add(new Layer(norm(layer.attentionNorm()), dense(attention.get(0)), dense(attention.get(1)),
                    dense(attention.get(2)), dense(attention.get(3)), norm(layer.mlpNorm()),
                    gated ? dense(mlp.get(0)) : null, dense(mlp.get(gated ? 1 : 0)), dense(mlp.get(gated ? 2 : 1))));
        }
        return new CompiledBackbone(arch, backbone.spec().id(), backbone.span(), positions, tokenType0,
                embeddingNorm, List.copyOf(layers), finalNorm, kernels);
    }

    /** d. */
    public int width() {
        return arch.hiddenSize();
    }

    /** Layers. */
    public int depth() {
        return layers.size();
    }

    /** Whether the matrix products use the Vector API (else plain loops). */
    public boolean vectorised() {
        return kernel instanceof VectorKernels;
    }

    /** An empty state with room for {@code capacity} positions (it grows when needed). */
    public KeyValueState newState(int capacity) {
        return new KeyValueState(layers.size(), arch.kvHeads() * arch.headDim(), capacity);
    }

    /**
     * Runs each segment's new positions after its state's and appends their keys and values to the state.
     *
     * @return per segment, its hidden states after the final norm: {@code (T, d)} for {@link Output#ALL_POSITIONS},
     *         {@code (d)} of its last position for {@link Output#LAST_POSITION}
     */
    public float[][] forward(List<Segment> segments, Output output, WorkSplit split) {
        int d = arch.hiddenSize();
        int segmentCount = segments.size();
        int[] start = new int[segmentCount + 1];
        for (int s = 0; s < segmentCount; s++) {
            Segment segment = segments.get(s);
            if (segment.tokens() < 1 || segment.embeddings().length != segment.tokens() * d) {
                throw new IllegalArgumentException("segment " + s + " has " + segment.embeddings().length
                        + " values for " + segment.tokens() + " positions of width " + d);
            }
            start[s + 1] = start[s] + segment.tokens();
        }
        int m = start[segmentCount];
        int[] position = new int[m];
        int[] segmentOf = new int[m];
        float[] x = new float[m * d];
        for (int s = 0; s < segmentCount; s++) {
            Segment segment = segments.get(s);
            int past = segment.state().length();
            checkPositions(past + segment.tokens());
            segment.state().reserve(segment.tokens());
            System.arraycopy(segment.embeddings(), 0, x, start[s] * d, segment.tokens() * d);
            for (int i = 0; i < segment.tokens(); i++) {
                position[start[s] + i] = past + i;
                segmentOf[start[s] + i] = s;
            }
        }
        embed(x, m, position);
        // The rows whose queries run through a layer: all of them, except in the last layer of a LAST_POSITION pass.
        Rows all = new Rows(identity(m), position, segmentOf);
        for (int l = 0; l < layers.size(); l++) {
            boolean last = l == layers.size() - 1 && output == Output.LAST_POSITION;
            x = layer(l, layers.get(l), x, m, all, last ? lastRows(start, position, segmentOf) : all, segments,
                    start, split);
        }
        int rows = output == Output.LAST_POSITION ? segmentCount : m;
        if (finalNorm != null) {
            normalise(finalNorm, x, rows);
        }
        for (Segment segment : segments) {
            segment.state().advance(segment.tokens());
        }
        float[][] result = new float[segmentCount][];
        for (int s = 0; s < segmentCount; s++) {
            result[s] = output == Output.LAST_POSITION
                    ? java.util.Arrays.copyOfRange(x, s * d, (s + 1) * d)
                    : java.util.Arrays.copyOfRange(x, start[s] * d, start[s + 1] * d);
        }
        return result;
    }

    /** Rows of the M new positions: their indices among the M, position ids and segments. */
    private record Rows(int[] index, int[] position, int[] segment) {
        int size() {
            return index.length;
        }
    }

    private static Rows lastRows(int[] start, int[] position, int[] segmentOf) {
        int n = start.length - 1;
        int[] index = new int[n];
        int[] pos = new int[n];
        int[] seg = new int[n];
        for (int s = 0; s < n; s++) {
            index[s] = start[s + 1] - 1;
            pos[s] = position[index[s]];
            seg[s] = s;
        }
        return new Rows(index, pos, seg);
    }

    private static int[] identity(int n) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        return index;
    }

    private void checkPositions(int needed) {
        if (positionTable != null && needed + arch.positionOffset() > arch.maxPositions()) {
            throw new IllegalArgumentException("backbone " + id + " has " + (arch.maxPositions()
                    - arch.positionOffset()) + " learned positions; asked for positions up to " + needed);
        }
    }

    /** Learned positions, BERT's token type 0 and the embedding norm, in place. */
    private void embed(float[] x, int m, int[] position) {
        int d = arch.hiddenSize();
        for (int r = 0; r < m; r++) {
            if (positionTable != null) {
                int row = (position[r] + arch.positionOffset()) * d;
                for (int c = 0; c < d; c++) {
                    x[r * d + c] += positionTable[row + c];
                }
            }
            if (tokenType0 != null) {
                for (int c = 0; c < d; c++) {
                    x[r * d + c] += tokenType0[c];
                }
            }
        }
        if (embeddingNorm != null) {
            normalise(embeddingNorm, x, m);
        }
    }

    /**
     * One layer over {@code x (M, d)}: keys and values of all M rows into the states; queries, attention output
     * and feed-forward for the {@code queries} rows. Returns the new hidden states of the query rows.
     */
    private float[] layer(int l, Layer layer, float[] x, int m, Rows all, Rows queries, List<Segment> segments,
                          int[] start, WorkSplit split) {
        int d = arch.hiddenSize();
        boolean preNorm = arch.layout() == Architecture.Layout.PRE_NORM;
        float[] h = x;
        if (preNorm) {
            h = x.clone();
            normalise(layer.attentionNorm(), h, m);
        }
        int kvWidth = arch.kvHeads() * arch.headDim();
        float[] keys = new float[m * kvWidth];
        float[] values = new float[m * kvWidth];
        layer.k().apply(kernel, split, h, m, keys);
        layer.v().apply(kernel, split, h, m, values);
        boolean reduced = queries.size() != m;
        float[] hq = reduced ? gather(h, d, queries.index()) : h;
        float[] xq = reduced ? gather(x, d, queries.index()) : x;
        int n = queries.size();
        int qWidth = arch.heads() * arch.headDim();
        float[] q = new float[n * qWidth];
        layer.q().apply(kernel, split, hq, n, q);
        if (inverseFrequencies != null) {
            rotate(q, n, arch.heads(), queries.position());
            rotate(keys, m, arch.kvHeads(), all.position());
        }
        for (int s = 0; s < segments.size(); s++) {
            KeyValueState state = segments.get(s).state();
            int tokens = segments.get(s).tokens();
            System.arraycopy(keys, start[s] * kvWidth, state.keys(l), state.length() * kvWidth, tokens * kvWidth);
            System.arraycopy(values, start[s] * kvWidth, state.values(l), state.length() * kvWidth, tokens * kvWidth);
        }
        float[] context = new float[n * qWidth];
        attend(l, q, n, queries, segments, context, split);
        float[] attended = new float[n * d];
        layer.o().apply(kernel, split, context, n, attended);
        add(xq, attended);                                                    // residual
        float[] hidden = xq;
        if (!preNorm) {
            normalise(layer.attentionNorm(), hidden, n);
        }
        float[] mlpIn = hidden;
        if (preNorm) {
            mlpIn = hidden.clone();
            normalise(layer.mlpNorm(), mlpIn, n);
        }
        float[] mlpOut = feedForward(layer, mlpIn, n, split);
        add(hidden, mlpOut);                                                  // residual
        if (!preNorm) {
            normalise(layer.mlpNorm(), hidden, n);
        }
        return hidden;
    }

    private float[] feedForward(Layer layer, float[] x, int n, WorkSplit split) {
        int f = arch.intermediateSize();
        float[] inner = new float[n * f];
        layer.up().apply(kernel, split, x, n, inner);
        if (layer.gate() != null) {
            float[] gate = new float[n * f];
            layer.gate().apply(kernel, split, x, n, gate);
            Activations.apply(arch.activation(), gate, 0, gate.length);
            for (int i = 0; i < inner.length; i++) {
                inner[i] *= gate[i];
            }
        } else if (arch.activation() == Architecture.Activation.GELU) {
            kernel.gelu(inner, 0, inner.length);
        } else {
            Activations.apply(arch.activation(), inner, 0, inner.length);
        }
        float[] out = new float[n * arch.hiddenSize()];
        layer.down().apply(kernel, split, inner, n, out);
        return out;
    }

    /** Scaled dot-product attention of each query row over its segment's keys (causal order and span). */
    private void attend(int l, float[] q, int n, Rows queries, List<Segment> segments, float[] context,
                        WorkSplit split) {
        int heads = arch.heads();
        int headDim = arch.headDim();
        int group = heads / arch.kvHeads();
        int qWidth = heads * headDim;
        int kvWidth = arch.kvHeads() * headDim;
        float scale = (float) (1 / Math.sqrt(headDim));
        int parts = Math.min(split.threads(), heads);
        if ((long) n * heads < 64) {
            parts = 1;
        }
        int perPart = (heads + parts - 1) / parts;
        split.run(parts, p -> {
            int maxKeys = 0;
            for (Segment segment : segments) {
                maxKeys = Math.max(maxKeys, segment.state().length() + segment.tokens());
            }
            float[] scores = new float[maxKeys];
            for (int head = p * perPart; head < Math.min(heads, (p + 1) * perPart); head++) {
                int kvHead = head / group;
                for (int r = 0; r < n; r++) {
                    KeyValueState state = segments.get(queries.segment()[r]).state();
                    float[] keys = state.keys(l);
                    float[] values = state.values(l);
                    int query = queries.position()[r];
                    int from = span == 0 ? 0 : Math.max(0, query - span + 1);
                    int qo = r * qWidth + head * headDim;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int key = from; key <= query; key++) {
                        float score = kernel.dot(q, qo, keys, key * kvWidth + kvHead * headDim, headDim) * scale;
                        scores[key - from] = score;
                        max = Math.max(max, score);
                    }
                    double sum = 0;
                    for (int key = from; key <= query; key++) {
                        float e = (float) Math.exp(scores[key - from] - max);
                        scores[key - from] = e;
                        sum += e;
                    }
                    float inverse = (float) (1 / sum);
                    for (int key = from; key <= query; key++) {
                        kernel.axpy(scores[key - from] * inverse, values, key * kvWidth + kvHead * headDim,
                                context, qo, headDim);
                    }
                }
            }
        });
    }

    /** Rotary (rotate-half) of {@code rows} rows of {@code heads} heads, in place, at their positions. */
    private void rotate(float[] x, int rows, int heads, int[] position) {
        int headDim = arch.headDim();
        int half = headDim / 2;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < half; i++) {
                float angle = position[r] * inverseFrequencies[i];
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                for (int head = 0; head < heads; head++) {
                    int o = (r * heads + head) * headDim;
                    float first = x[o + i];
                    float second = x[o + half + i];
                    x[o + i] = first * cos - second * sin;
                    x[o + half + i] = second * cos + first * sin;
                }
            }
        }
    }

    private void normalise(Norm norm, float[] x, int rows) {
        int d = arch.hiddenSize();
        float eps = arch.normEps();
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            if (arch.norm() == Architecture.Norm.LAYER_NORM) {
                double mean = 0;
                for (int c = 0; c < d; c++) {
                    mean += x[o + c];
                }
                mean /= d;
                double variance = 0;
                for (int c = 0; c < d; c++) {
                    double centred = x[o + c] - mean;
                    variance += centred * centred;
                }
                variance /= d;
                float inverse = (float) (1 / Math.sqrt(variance + eps));
                for (int c = 0; c < d; c++) {
                    x[o + c] = (float) ((x[o + c] - mean) * inverse) * norm.weight()[c] + norm.bias()[c];
                }
            } else {
                double meanSquare = 0;
                for (int c = 0; c < d; c++) {
                    meanSquare += (double) x[o + c] * x[o + c];
                }
                meanSquare /= d;
                float inverse = (float) (1 / Math.sqrt(meanSquare + eps));
                for (int c = 0; c < d; c++) {
                    x[o + c] = x[o + c] * inverse * norm.weight()[c];
                }
            }
        }
    }

    private static float[] gather(float[] x, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    private static void add(float[] into, float[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] += other[i];
        }
    }

    private static Norm norm(Normalization normalization) {
        if (normalization instanceof LayerNorm ln) {
            return new Norm(floats(ln.weight()), floats(ln.bias()));
        }
        if (normalization instanceof RmsNorm rms) {
            return new Norm(floats(rms.weight()), null);
        }
        throw new IllegalArgumentException("unsupported normalisation " + normalization.getClass().getSimpleName());
    }

    private static Norm normFrom(Map<String, TransformerBackbone.Slot> base, String name) {
        TransformerBackbone.Slot weight = base.get(name + ".weight");
        if (weight == null) {
            return null;
        }
        TransformerBackbone.Slot bias = base.get(name + ".bias");
        return new Norm(floats(weight.parameter()), bias == null ? null : floats(bias.parameter()));
    }

    /** The linear's base weight with its adapter's update added in double precision, in the compiled layout. */
    private static DenseWeights dense(LoraLinear linear) {
        int in = linear.in();
        int out = linear.out();
        float[] w = floats(linear.weight());
        if (linear.hasAdapter() && !linear.merged()) {
            float[] a = floats(linear.loraA());                                // (r, in)
            float[] b = floats(linear.loraB());                                // (out, r)
            int rank = linear.rank();
            double scaling = linear.scaling();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double delta = 0;
                    for (int j = 0; j < rank; j++) {
                        delta += (double) b[o * rank + j] * a[j * in + i];
                    }
                    w[o * in + i] = (float) (w[o * in + i] + scaling * delta);
                }
            }
        }
        float[] bias = linear.bias() == null ? null : floats(linear.bias());
        return DenseWeights.fromOutIn(w, in, out, bias);
    }

    private static float[] floats(Parameter parameter) {
        NDArray array = parameter.getArray();
        return array.toFloatArray();
    }
}
