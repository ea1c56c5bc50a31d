package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NetLLM's multimodal encoder: turns a step's declared inputs into tokens of the backbone's width, in the
 * declared order.
 *
 * <p>Input: the inputs' arrays in declaration order ({@link Modality#arrays()} each), every one with a leading
 * batch dimension N. Output: {@code (N, S, d)} with S = {@link #tokens()}.
 */
public final class MultimodalEncoder extends AbstractBlock {

    private final List<InputSpec> inputs;
    private final EncoderSettings settings;
    private final int modelWidth;
    private final List<FeatureEmbedding> embeddings = new ArrayList<>();

    public MultimodalEncoder(List<InputSpec> inputs, int modelWidth, EncoderSettings settings) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a task step needs at least one input");
        }
        long distinct = inputs.stream().map(InputSpec::name).distinct().count();
        if (distinct != inputs.size()) {
            throw new IllegalArgumentException("input names must be unique, got "
                    + inputs.stream().map(InputSpec::name).toList());
        }
        this.inputs = List.copyOf(inputs);
        this.settings = settings;
        this.modelWidth = modelWidth;
        for (var spec : this.inputs) {
            embeddings.add(addChildBlock(spec.name(), new FeatureEmbedding(spec, modelWidth, settings)));
        }
    }

    /** The declared inputs, in token order. */
    public List<InputSpec> inputs() {
        return inputs;
    }

    /** The encoder sizes. */
    public EncoderSettings settings() {
        return settings;
    }

    /** Tokens per step. */
    public int tokens() {
        return inputs.stream().mapToInt(InputSpec::tokens).sum();
    }

    /** Arrays per step (graphs take three). */
    public int arrayCount() {
        return inputs.stream().mapToInt(s -> s.modality().arrays()).sum();
    }

    /** The per-example shapes of all arrays, in input order. */
    public List<long[]> arrayShapes() {
        return inputs.stream().flatMap(s -> s.arrayShapes().stream()).toList();
    }

    /** Input shapes for a batch of n examples, for {@link #initialize}. */
    public Shape[] batchShapes(long n) {
        return arrayShapes().stream().map(s -> {
            long[] dims = new long[s.length + 1];
            dims[0] = n;
            System.arraycopy(s, 0, dims, 1, s.length);
            return new Shape(dims);
        }).toArray(Shape[]::new);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList arrays, boolean training,
            PairList<String, Object> params) {
        if (arrays.size() != arrayCount()) {
            throw new IllegalArgumentException("expected " + arrayCount() + " input arrays for "
                    + inputs.stream().map(InputSpec::name).toList() + ", got " + arrays.size());
        }
        var tokens = new NDList();
        int next = 0;
        for (var embedding : embeddings) {
            int k = embedding.spec().modality().arrays();
            tokens.add(embedding.forward(store, new NDList(arrays.subList(next, next + k)), training).head());
            next += k;
        }
        return new NDList(tokens.size() == 1 ? tokens.head() : NDArrays.concat(tokens, 1)); // (N, S, d)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), tokens(), modelWidth)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int next = 0;
        for (var embedding : embeddings) {
            int k = embedding.spec().modality().arrays();
            embedding.initialize(manager, dataType, Arrays.copyOfRange(inputShapes, next, next + k));
            next += k;
        }
    }
}
