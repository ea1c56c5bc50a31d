package org.netllm.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded MiniLM against onnxruntime on the same ONNX file, and its causal (NetLLM) mode. */
class EmbeddedBertTest {

    private static final long[][] IDS = {
        {101, 7592, 1010, 2088, 999, 2023, 2003, 1037, 3231, 1997, 2256, 6522, 102},
        {101, 2129, 2079, 2017, 2079, 1029, 1045, 2572, 2986, 1010, 4067, 2017, 102},
    };

    private static NDManager manager;

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static float maxAbsDiff(NDArray ours, float[][][] reference) {
        float[] flat = ours.toFloatArray();
        int t = reference[0].length;
        int d = reference[0][0].length;
        float max = 0;
        for (int b = 0; b < reference.length; b++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    max = Math.max(max, Math.abs(flat[(b * t + i) * d + j] - reference[b][i][j]));
                }
            }
        }
        return max;
    }

    @Test
    void miniLmHiddenStatesMatchOnnxRuntime() throws Exception {
        BackboneOptions bidirectional = BackboneOptions.pretrained()
                .withAttention(BackboneOptions.Attention.BIDIRECTIONAL);
        try (NDManager scope = manager.newSubManager()) {
            Backbone backbone = Backbones.load(Backbones.MINILM, bidirectional, scope);
            NDArray ids = scope.create(IDS);
            NDArray hidden = backbone.forward(new ParameterStore(scope, false),
                    new NDList(backbone.embedTokens(ids)), false).head();
            float[][][] reference = OnnxRuntimeReference.lastHiddenState("/all-minilm-l6-v2.onnx", IDS);

            float diff = maxAbsDiff(hidden, reference);
            System.out.printf("minilm max |ours - onnxruntime| = %.3g%n", diff);
            assertThat(hidden.getShape().getShape()).containsExactly(2, 13, 384);
            assertThat(diff).isLessThan(1e-4f);
            assertThat(backbone.spec()).isEqualTo(new BackboneSpec("minilm", "bert", 384, 6, 12, false));
            assertThat(backbone.weightsSha256()).hasSize(64);
        }
    }

    @Test
    void bgeSmallHiddenStatesMatchOnnxRuntime() throws Exception {
        BackboneOptions bidirectional = BackboneOptions.pretrained()
                .withAttention(BackboneOptions.Attention.BIDIRECTIONAL);
        try (NDManager scope = manager.newSubManager()) {
            Backbone backbone = Backbones.load(Backbones.BGE_SMALL, bidirectional, scope);
            NDArray ids = scope.create(IDS);
            NDArray hidden = backbone.forward(new ParameterStore(scope, false),
                    new NDList(backbone.embedTokens(ids)), false).head();
            float[][][] reference = OnnxRuntimeReference.lastHiddenState("/bge-small-en-v1.5.onnx", IDS);

            float diff = maxAbsDiff(hidden, reference);
            System.out.printf("bge-small max |ours - onnxruntime| = %.3g%n", diff);
            assertThat(diff).isLessThan(1e-4f);
            assertThat(backbone.spec()).isEqualTo(new BackboneSpec("bge-small", "bert", 384, 12, 12, false));
            assertThat(backbone.parameterCounts().total()).isEqualTo(33_212_160L);
        }
    }
}
