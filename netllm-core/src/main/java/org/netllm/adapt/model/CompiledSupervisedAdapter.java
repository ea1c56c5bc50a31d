package org.netllm.adapt.model;

import static org.netllm.adapt.encoder.CompiledEncoder.parameter;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.netllm.adapt.encoder.CompiledEncoder;
import org.netllm.adapt.head.BoundedRegressionHead;
import org.netllm.adapt.head.CategoricalHead;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.backbone.inference.CompiledBackbone;
import org.netllm.backbone.inference.CompiledBackbone.Output;
import org.netllm.backbone.inference.CompiledBackbone.Segment;
import org.netllm.backbone.inference.CompiledLinear;
import org.netllm.backbone.inference.WorkSplit;
import org.netllm.backbone.transformer.TransformerBackbone;

/**
 * A {@link SupervisedAdapter} compiled for inference (issue 41): its encoder, backbone (LoRA merged, Java kernels, see
 * {@link CompiledBackbone}) and categorical head copied out of the engine once, each example's tokens run from an
 * empty key/value state, a batch of examples in one pass. An example is a few tokens (ABR's imitation model: six)
 * and carries no context between calls, so there is nothing to cache: the cost is one short pass.
 *
 * <p>Needs scalar and sequence inputs, a causal transformer backbone and a categorical or bounded-regression head
 * ({@link #of} is empty otherwise; VP's predictor is the latter: ten scalar tokens, pw × 3 offsets). Not threadsafe: one caller at a time. {@link #close} stops its worker threads.
 */
public final class CompiledSupervisedAdapter implements AutoCloseable {

    private final CompiledEncoder encoder;
    private final CompiledBackbone backbone;
    private final CompiledLinear head;
    /** A bounded-regression head's range, {@code low + (tanh(z) + 1) / 2 · (high − low)}; null for a categorical one. */
    private final HeadSpec.BoundedRegression range;
    private final WorkSplit split;
    private final int width;

    private CompiledSupervisedAdapter(CompiledEncoder encoder, CompiledBackbone backbone, CompiledLinear head,
                                      HeadSpec.BoundedRegression range, WorkSplit split) {
        this.encoder = encoder;
        this.backbone = backbone;
        this.head = head;
        this.range = range;
        this.split = split;
        this.width = backbone.width();
    }

    /** The compiled form of {@code model}, each pass on {@code threads} threads, when its parts allow one. */
    public static Optional<CompiledSupervisedAdapter> of(SupervisedAdapter model, int threads) {
        boolean bounded = model.head() instanceof BoundedRegressionHead;
        if (!(model.head() instanceof CategoricalHead || bounded)
                || !(model.backbone() instanceof TransformerBackbone transformer)
                || !transformer.spec().causal()) {
            return Optional.empty();
        }
        int d = transformer.spec().hiddenSize();
        Optional<CompiledEncoder> encoder = CompiledEncoder.of(model.encoder(), d);
        if (encoder.isEmpty()) {
            return Optional.empty();
        }
        Block linear = model.head().getChildren().values().get(0); // the categorical logits or the regression values
        int outputs = model.head().spec().outputWidth();
        CompiledLinear head = CompiledLinear.of(parameter(linear, "weight"), d, outputs, parameter(linear, "bias"));
        return Optional.of(new CompiledSupervisedAdapter(encoder.get(), CompiledBackbone.of(transformer), head,
                bounded ? (HeadSpec.BoundedRegression) model.head().spec() : null, WorkSplit.of(threads)));
    }

    /** Whether the backbone's products run on the Vector API. */
    public boolean vectorised() {
        return backbone.vectorised();
    }

    /** Threads each pass runs on. */
    public int threads() {
        return split.threads();
    }

    /**
     * The head's output for each example, {@code [example][output]}; an example is its input arrays in the encoder's
     * input order, as {@link SupervisedAdapter#forward} takes them (without the batch dimension).
     */
    public float[][] outputs(List<List<float[]>> examples) {
        int tokens = encoder.tokens();
        List<Segment> segments = new ArrayList<>(examples.size());
        for (List<float[]> arrays : examples) {
            if (arrays.size() != tokens) {
                throw new IllegalArgumentException("an example has " + arrays.size() + " arrays, the model takes "
                        + tokens);
            }
            float[] embeddings = new float[tokens * width];
            for (int i = 0; i < tokens; i++) {
                encoder.token(i, arrays.get(i), embeddings, i * width);
            }
            segments.add(new Segment(embeddings, tokens, backbone.newState(tokens)));
        }
        float[][] hidden = backbone.forward(segments, Output.LAST_POSITION, split);
        int n = hidden.length;
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hidden[i], 0, flat, i * width, width);
        }
        int actions = head.out();
        float[] out = new float[n * actions];
        head.apply(flat, n, out);
        if (range != null) {
            float half = (range.high() - range.low()) / 2;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) Math.tanh(out[i]) * half + (range.low() + half);
            }
        }
        float[][] outputs = new float[n][];
        for (int i = 0; i < n; i++) {
            outputs[i] = java.util.Arrays.copyOfRange(out, i * actions, (i + 1) * actions);
        }
        return outputs;
    }

    @Override
    public void close() {
        split.close();
    }
}
