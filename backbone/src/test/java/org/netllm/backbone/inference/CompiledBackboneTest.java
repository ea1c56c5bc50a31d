package org.netllm.backbone.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;
import org.netllm.backbone.inference.CompiledBackbone.Output;
import org.netllm.backbone.inference.CompiledBackbone.Segment;
import org.netllm.backbone.transformer.TransformerBackbone;

/**
 * The compiled forward against the training (DJL/PyTorch) forward: same hidden states within fp32 summation-order
 * error, LoRA merged, with and without a key/value state, alone and batched with other sequences.
 */
class CompiledBackboneTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static Backbone tinyGqa(int span, NDManager m) {
        BackboneOptions options = BackboneOptions.random(5).withAttentionSpan(span)
                .withLora(new LoraConfig(4, 8, 0f, Set.of("q", "v", "down"), 2));
        return Backbones.build(Backbones.tinyLlama(2, 32, 4, 2), "tiny-gqa", options, null, m);
    }

    /** Fills every lora_B with noise so that adapters change the output. */
    private static void perturbAdapters(Backbone backbone, long seed) {
        Random random = new Random(seed);
        for (var p : backbone.getParameters()) {
            if (p.getKey().contains("lora_B")) {
                NDArray b = p.getValue().getArray();
                float[] noise = new float[(int) b.size()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) (random.nextGaussian() * 0.1);
                }
                b.addi(b.getManager().create(noise, b.getShape()));
            }
        }
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The training forward's hidden states of one sequence, {@code (T, d)} flattened. */
    private static float[] reference(Backbone backbone, float[] embeddings, int t, NDManager m) {
        int d = backbone.spec().hiddenSize();
        NDArray x = m.create(embeddings, new Shape(1, t, d));
        return backbone.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static float[] slice(float[] x, int from, int to) {
        return java.util.Arrays.copyOfRange(x, from, to);
    }

    @Test
    void groupedQueryDecoderWithAdaptersEqualsTheTrainingForward() {
        for (int span : new int[] {0, 3}) {
            try (NDManager scope = manager.newSubManager(); WorkSplit split = WorkSplit.of(2)) {
                Backbone backbone = tinyGqa(span, scope);
                perturbAdapters(backbone, 11);
                CompiledBackbone compiled = CompiledBackbone.of((TransformerBackbone) backbone);
                int d = 32;
                float[] x = gaussian(9 * d, 3);
                float[] expected = reference(backbone, x, 9, scope);

                float[] whole = compiled.forward(List.of(new Segment(x, 9, compiled.newState(9))),
                        Output.ALL_POSITIONS, split)[0];
                KeyValueState state = compiled.newState(2);
                float[] first = compiled.forward(List.of(new Segment(slice(x, 0, 5 * d), 5, state)),
                        Output.ALL_POSITIONS, split)[0];
                float[] rest = compiled.forward(List.of(new Segment(slice(x, 5 * d, 9 * d), 4, state)),
                        Output.ALL_POSITIONS, split)[0];

                assertThat(maxAbsDiff(whole, expected)).as("span %d", span).isLessThan(1e-5f);
                assertThat(maxAbsDiff(first, slice(expected, 0, 5 * d))).isLessThan(1e-5f);
                assertThat(maxAbsDiff(rest, slice(expected, 5 * d, 9 * d))).isLessThan(1e-5f);
                assertThat(state.length()).isEqualTo(9);
            }
        }
    }

    @Test
    void plainLoopKernelsGiveTheSameHiddenStatesAsTheVectorOnes() {
        try (NDManager scope = manager.newSubManager(); WorkSplit split = WorkSplit.of(2)) {
            Backbone backbone = tinyGqa(0, scope);
            perturbAdapters(backbone, 14);
            float[] x = gaussian(6 * 32, 8);
            float[] expected = reference(backbone, x, 6, scope);
            CompiledBackbone loops = CompiledBackbone.of((TransformerBackbone) backbone, new LoopKernels());

            float[] actual = loops.forward(List.of(new Segment(x, 6, loops.newState(6))), Output.ALL_POSITIONS,
                    split)[0];

            assertThat(loops.vectorised()).isFalse();
            assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-5f);
        }
    }

    @Test
    void sequencesInOneBatchEqualEachRunAlone() {
        try (NDManager scope = manager.newSubManager(); WorkSplit split = WorkSplit.callerOnly()) {
            Backbone backbone = tinyGqa(0, scope);
            perturbAdapters(backbone, 12);
            CompiledBackbone compiled = CompiledBackbone.of((TransformerBackbone) backbone);
            int d = 32;
            float[] a = gaussian(7 * d, 4);
            float[] b = gaussian(3 * d, 5);
            KeyValueState withPast = compiled.newState(8);
            compiled.forward(List.of(new Segment(gaussian(4 * d, 6), 4, withPast)), Output.LAST_POSITION, split);
            KeyValueState sameAlone = compiled.newState(8);
            compiled.forward(List.of(new Segment(gaussian(4 * d, 6), 4, sameAlone)), Output.LAST_POSITION, split);

            float[][] batched = compiled.forward(List.of(new Segment(a, 7, compiled.newState(7)),
                    new Segment(b, 3, withPast)), Output.LAST_POSITION, split);
            float[] aAlone = compiled.forward(List.of(new Segment(a, 7, compiled.newState(7))),
                    Output.ALL_POSITIONS, split)[0];
            float[] bAlone = compiled.forward(List.of(new Segment(b, 3, sameAlone)), Output.ALL_POSITIONS, split)[0];

            assertThat(maxAbsDiff(batched[0], slice(aAlone, 6 * d, 7 * d))).isLessThan(1e-6f);
            assertThat(maxAbsDiff(batched[1], slice(bAlone, 2 * d, 3 * d))).isLessThan(1e-6f);
        }
    }

    @Test
    void causalMiniLmWithMergedAdaptersEqualsTheTrainingForwardOverEightyPositions() {
        try (NDManager scope = manager.newSubManager(); WorkSplit split = WorkSplit.of(2)) {
            Backbone backbone = Backbones.load(Backbones.MINILM,
                    BackboneOptions.pretrained().withLora(LoraConfig.ofRank(8, 3)), scope);
            perturbAdapters(backbone, 13);
            CompiledBackbone compiled = CompiledBackbone.of((TransformerBackbone) backbone);
            int d = 384;
            int t = 80;
            float[] x = gaussian(t * d, 7);
            float[] expected = reference(backbone, x, t, scope);

            float[] all = compiled.forward(List.of(new Segment(x, t, compiled.newState(t))), Output.ALL_POSITIONS,
                    split)[0];
            float[] last = compiled.forward(List.of(new Segment(x, t, compiled.newState(t))), Output.LAST_POSITION,
                    split)[0];

            assertThat(maxAbsDiff(all, expected)).isLessThan(1e-4f);
            assertThat(maxAbsDiff(last, slice(expected, (t - 1) * d, t * d))).isLessThan(1e-4f);
        }
    }
}
