package org.netllm.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netllm.backbone.transformer.TransformerBackbone;

/** The Backbone contract: LoRA, the key/value cache, causality, masks, freezing, random weights. */
class BackboneTest {

    private static NDManager manager;
    private static Backbone miniLm;

    @BeforeAll
    static void start() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager();
        miniLm = Backbones.load(Backbones.MINILM, BackboneOptions.pretrained(), manager);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static NDArray forward(Backbone backbone, NDArray embeddings) {
        return backbone.forward(new ParameterStore(embeddings.getManager(), false), new NDList(embeddings), false)
                .head();
    }

    private static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private static Backbone tinyGqa(long seed, Optional<LoraConfig> lora, NDManager m) {
        return tinyGqa(seed, lora, 0, m);
    }

    private static Backbone tinyGqa(long seed, Optional<LoraConfig> lora, int span, NDManager m) {
        BackboneOptions options = BackboneOptions.random(seed).withAttentionSpan(span);
        if (lora.isPresent()) {
            options = options.withLora(lora.get());
        }
        return Backbones.build(Backbones.tinyLlama(2, 16, 4, 2), "tiny-gqa", options, null, m);
    }

    /** Fills every lora_B with noise so that adapters change the output. */
    private static void perturbAdapters(Backbone backbone) {
        for (var p : backbone.getParameters()) {
            if (p.getKey().contains("lora_B")) {
                NDArray b = p.getValue().getArray();
                b.addi(b.getManager().randomNormal(0, 0.1f, b.getShape(), b.getDataType()));
            }
        }
    }

    @Test
    void untrainedAdapterReproducesTheBaseOutput() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone adapted = Backbones.load(Backbones.MINILM,
                    BackboneOptions.pretrained().withLora(LoraConfig.ofRank(8, 3)), scope);
            NDArray x = scope.randomNormal(new Shape(2, 10, 384));

            assertThat(maxAbsDiff(forward(adapted, x), forward(miniLm, x))).isEqualTo(0f);
            assertThat(adapted.parameterCounts())
                    .isEqualTo(new ParameterCounts(6 * 2 * (8 * 384 + 384 * 8), 22_565_376 + 6 * 2 * (8 * 384 + 384 * 8)));
        }
    }

    @Test
    void mergedAdaptersComputeWhatUnmergedOnesDo() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone backbone = tinyGqa(1, Optional.of(new LoraConfig(4, 8, 0f, Set.of("q", "v", "down"), 2)), scope);
            perturbAdapters(backbone);
            NDArray x = scope.randomNormal(new Shape(2, 6, 16));
            NDArray unmerged = forward(backbone, x);
            float[] baseBefore = ((TransformerBackbone) backbone).layers().get(0).attention().projections().get(0)
                    .weight().getArray().toFloatArray();

            backbone.mergeLora();
            NDArray merged = forward(backbone, x);
            backbone.unmergeLora();
            NDArray again = forward(backbone, x);

            assertThat(maxAbsDiff(merged, unmerged)).isLessThan(1e-5f);
            assertThat(maxAbsDiff(again, unmerged)).isLessThan(1e-5f);
            float[] baseAfter = ((TransformerBackbone) backbone).layers().get(0).attention().projections().get(0)
                    .weight().getArray().toFloatArray();
            assertThat(baseAfter).containsExactly(baseBefore, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    private static void assertIncrementalEqualsFull(Backbone backbone, NDManager scope, int d) {
        // Fixed inputs, so a run is repeatable; the bound below is about fp32 summation order, not luck.
        java.util.Random random = new java.util.Random(17);
        float[] values = new float[2 * 9 * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        NDArray x = scope.create(values, new Shape(2, 9, d));
        NDArray full = forward(backbone, x);
        try (KvCache cache = backbone.newCache(scope)) {
            ParameterStore ps = new ParameterStore(scope, false);
            int[] chunks = {4, 1, 1, 3};
            int at = 0;
            for (int chunk : chunks) {
                try (NDManager step = scope.newSubManager()) {
                    NDArray part = x.get(new NDIndex(":, {}:{}", at, at + chunk));
                    part.attach(step);
                    NDArray out = backbone.forwardIncremental(ps, part, cache);
                    NDArray expected = full.get(new NDIndex(":, {}:{}", at, at + chunk));
                    // 5e-5 relative to the states' scale: the cached and full passes multiply matrices of
                    // different shapes, so fp32 sums run in different orders (MiniLM's states reach ~10; random
                    // inputs once gave 2.0e-5 against a 1.7e-5 bound). A wrong cache is off by whole units.
                    float scale = Math.max(1f, expected.abs().max().getFloat());
                    assertThat(maxAbsDiff(out, expected)).as("positions %d..%d", at, at + chunk - 1)
                            .isLessThan(5e-5f * scale);
                }
                at += chunk;
            }
            assertThat(cache.length()).isEqualTo(9);
        }
    }

    private static void assertRowsAfterTheirLengthsEqualEachAlone(Backbone backbone, NDManager scope, int d) {
        java.util.Random random = new java.util.Random(23);
        float[] values = new float[3 * 8 * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        NDArray x = scope.create(values, new Shape(3, 8, d)); // three rows cached, then one new position each
        float[] next = new float[3 * d];
        for (int i = 0; i < next.length; i++) {
            next[i] = (float) random.nextGaussian();
        }
        NDArray fresh = scope.create(next, new Shape(3, 1, d));
        long[] lengths = {8, 3, 5};
        ParameterStore ps = new ParameterStore(scope, false);
        try (KvCache cache = backbone.newCache(scope)) {
            backbone.forwardIncremental(ps, x, cache);
            NDArray together = backbone.forwardAfter(ps, fresh, cache, lengths);
            for (int b = 0; b < lengths.length; b++) {
                // Row b alone: its first lengths[b] positions, then its new one, in one full causal forward.
                NDArray alone = forward(backbone, NDArrays.concat(new NDList(
                        x.get(new NDIndex("{}:{}, 0:{}", b, b + 1, lengths[b])),
                        fresh.get(new NDIndex("{}:{}", b, b + 1))), 1)).get(new NDIndex(":, -1:"));
                float scale = Math.max(1f, alone.abs().max().getFloat());
                assertThat(maxAbsDiff(together.get(new NDIndex("{}:{}", b, b + 1)), alone)).as("row %d", b)
                        .isLessThan(5e-5f * scale);
            }
            // Attending the padding past a row's length instead would change it by whole units.
            try (KvCache other = backbone.newCache(scope)) {
                backbone.forwardIncremental(ps, x, other);
                NDArray all = backbone.forwardAfter(ps, fresh, other, new long[] {8, 8, 8});
                assertThat(maxAbsDiff(all.get(new NDIndex("1:2")), together.get(new NDIndex("1:2"))))
                        .isGreaterThan(1e-3f);
            }
        }
    }

    @Test
    void rowsRunAfterTheirOwnCachedLengthsAsEachAlone() {
        try (NDManager scope = manager.newSubManager()) {
            assertRowsAfterTheirLengthsEqualEachAlone(tinyGqa(5, Optional.empty(), scope), scope, 16);
            assertRowsAfterTheirLengthsEqualEachAlone(miniLm, scope, 384);
        }
    }

    @Test
    void incrementalDecodingWithTheCacheEqualsAFullForward() {
        try (NDManager scope = manager.newSubManager()) {
            assertIncrementalEqualsFull(tinyGqa(5, Optional.empty(), scope), scope, 16);
            assertIncrementalEqualsFull(miniLm, scope, 384);
        }
    }

    @Test
    void aSpanKeepsTheCacheExactForEveryPathIn() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone banded = Backbones.load(Backbones.MINILM, BackboneOptions.pretrained().withAttentionSpan(3), scope);
            assertIncrementalEqualsFull(tinyGqa(5, Optional.empty(), 3, scope), scope, 16);
            assertIncrementalEqualsFull(banded, scope, 384);
            assertRowsAfterTheirLengthsEqualEachAlone(tinyGqa(5, Optional.empty(), 2, scope), scope, 16);
            assertRowsAfterTheirLengthsEqualEachAlone(banded, scope, 384);
        }
    }

    @Test
    void eachLayerOfASpanReachesSpanMinusOnePositionsFurtherBack() {
        // two layers of span 3: position 7 reads layer-one states of 5..7, which read inputs 3..7, and nothing older
        try (NDManager scope = manager.newSubManager()) {
            Backbone banded = tinyGqa(9, Optional.empty(), 3, scope);
            Backbone whole = tinyGqa(9, Optional.empty(), scope);
            java.util.Random random = new java.util.Random(31);
            float[] values = new float[8 * 16];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray x = scope.create(values, new Shape(1, 8, 16));
            NDArray olderChanged = x.duplicate();
            olderChanged.set(new NDIndex(":, 0:3"), x.get(new NDIndex(":, 0:3")).mul(-2f));
            NDArray reachChanged = x.duplicate();
            reachChanged.set(new NDIndex(":, 3:4"), x.get(new NDIndex(":, 3:4")).mul(-2f));
            NDIndex last = new NDIndex(":, 7:");

            assertThat(maxAbsDiff(forward(banded, x).get(last), forward(banded, olderChanged).get(last))).isEqualTo(0f);
            // small (random weights of std 0.02 pass little through two hops) but not zero
            assertThat(maxAbsDiff(forward(banded, x).get(last), forward(banded, reachChanged).get(last)))
                    .isGreaterThan(1e-7f);
            assertThat(maxAbsDiff(forward(whole, x).get(last), forward(whole, olderChanged).get(last)))
                    .isGreaterThan(1e-7f);
            // the first positions have no older ones to lose: the span changes nothing there
            NDIndex first = new NDIndex(":, 0:3");
            assertThat(maxAbsDiff(forward(banded, x).get(first), forward(whole, x).get(first))).isEqualTo(0f);
        }
    }

    @Test
    void aSpanNeedsCausalAttention() {
        assertThatThrownBy(() -> BackboneOptions.pretrained().withAttention(BackboneOptions.Attention.BIDIRECTIONAL)
                .withAttentionSpan(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("causal");
        assertThatThrownBy(() -> BackboneOptions.pretrained().withAttentionSpan(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("span");
    }

    private static void assertCausal(Backbone backbone, NDManager scope, int d) {
        NDArray x = scope.randomNormal(new Shape(1, 8, d));
        NDArray changed = x.duplicate();
        changed.set(new NDIndex(":, 5:"), scope.randomNormal(new Shape(1, 3, d)));
        NDArray a = forward(backbone, x);
        NDArray b = forward(backbone, changed);

        assertThat(maxAbsDiff(a.get(new NDIndex(":, :5")), b.get(new NDIndex(":, :5")))).isEqualTo(0f);
        assertThat(maxAbsDiff(a.get(new NDIndex(":, 5:")), b.get(new NDIndex(":, 5:")))).isGreaterThan(1e-3f);
    }

    @Test
    void outputsAtAPositionIgnoreLaterInputs() {
        try (NDManager scope = manager.newSubManager()) {
            assertCausal(tinyGqa(9, Optional.empty(), scope), scope, 16);
            assertCausal(miniLm, scope, 384);
        }
    }

    @Test
    void paddedKeysAreIgnoredInBidirectionalMode() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone bert = Backbones.load(Backbones.MINILM,
                    BackboneOptions.pretrained().withAttention(BackboneOptions.Attention.BIDIRECTIONAL), scope);
            NDArray x = scope.randomNormal(new Shape(1, 7, 384));
            NDArray mask = scope.create(new float[] {1, 1, 1, 1, 1, 0, 0}, new Shape(1, 7));
            NDArray padded = bert.forward(new ParameterStore(scope, false), new NDList(x, mask), false).head();
            NDArray unpadded = forward(bert, x.get(new NDIndex(":, :5")));

            assertThat(maxAbsDiff(padded.get(new NDIndex(":, :5")), unpadded)).isLessThan(1e-5f);
        }
    }

    @Test
    void trainingLoraLeavesBaseWeightsBitIdentical() {
        try (NDManager scope = manager.newSubManager();
             Model model = Model.newInstance("lora-test")) {
            Backbone backbone = tinyGqa(11, Optional.of(LoraConfig.ofRank(4, 12)), scope);
            model.setBlock(backbone);
            Map<String, float[]> baseBefore = new LinkedHashMap<>();
            Map<String, float[]> loraBefore = new LinkedHashMap<>();
            for (var p : backbone.getParameters()) {
                (Backbone.isLoraParameter(p.getKey()) ? loraBefore : baseBefore)
                        .put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                backbone.freezeBaseWeights();
                NDArray x = scope.randomNormal(new Shape(2, 5, 16));
                NDArray target = scope.randomNormal(new Shape(2, 5, 16));
                for (int step = 0; step < 3; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).head();
                        collector.backward(trainer.getLoss().evaluate(new NDList(target), new NDList(out)));
                    }
                    trainer.step();
                }
            }
            int loraChanged = 0;
            for (var p : backbone.getParameters()) {
                float[] now = p.getValue().getArray().toFloatArray();
                if (Backbone.isLoraParameter(p.getKey())) {
                    loraChanged += java.util.Arrays.equals(now, loraBefore.get(p.getKey())) ? 0 : 1;
                } else {
                    assertThat(now).as(p.getKey()).isEqualTo(baseBefore.get(p.getKey()));
                }
            }
            assertThat(loraChanged).isEqualTo(loraBefore.size());
        }
    }

    @Test
    void randomWeightsAreSeededAndNamedBySeed() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone a = Backbones.load(Backbones.MINILM, BackboneOptions.random(42), scope);
            Backbone b = Backbones.load(Backbones.MINILM, BackboneOptions.random(42), scope);
            Backbone c = Backbones.load(Backbones.MINILM, BackboneOptions.random(43), scope); // ~1 s each
            NDArray x = scope.randomNormal(new Shape(1, 4, 384));

            assertThat(maxAbsDiff(forward(a, x), forward(b, x))).isEqualTo(0f);
            assertThat(maxAbsDiff(forward(a, x), forward(c, x))).isGreaterThan(1e-3f);
            assertThat(maxAbsDiff(forward(a, x), forward(miniLm, x))).isGreaterThan(1e-3f);
            assertThat(a.weightsSha256()).isEqualTo("random:42");
            assertThat(miniLm.weightsSha256()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void loraParametersAreNamedForFreezingByPredicate() {
        try (NDManager scope = manager.newSubManager()) {
            Backbone backbone = Backbones.tiny(1, 8, 2, 0, Optional.of(LoraConfig.ofRank(2, 0)), scope);
            var names = backbone.getParameters().keys();

            assertThat(names).filteredOn(Backbone::isLoraParameter).hasSize(4)
                    .allMatch(n -> n.contains("q_proj") || n.contains("v_proj"));
            assertThat(Backbone.isLoraParameter(Parameter.builder().setName("lora_A")
                    .setType(Parameter.Type.WEIGHT).build())).isTrue();
            assertThat(names).anyMatch(n -> n.endsWith("q_proj_weight"));
            assertThatThrownBy(() -> Backbones.tiny(1, 8, 2, 0,
                    Optional.of(new LoraConfig(2, 4, 0, Set.of("query"), 0)), scope))
                    .isInstanceOf(BackboneLoadException.class).hasMessageContaining("q_proj");
        }
    }

    @Test
    void gpuWithoutCudaIsAClearError() {
        assertThatThrownBy(() -> Backbones.load(Backbones.MINILM,
                BackboneOptions.pretrained().on(BackboneOptions.DeviceChoice.GPU), manager))
                .isInstanceOf(BackboneLoadException.class).hasMessageContaining("--device cpu");
    }

    @Test
    void stepsLeaveNoArraysInTheWeightsOrCacheManagers() {
        try (NDManager weights = NDManager.newBaseManager(); NDManager streams = NDManager.newBaseManager()) {
            Backbone backbone = Backbones.build(Backbones.tinyLlama(2, 16, 4, 2), "tiny-gqa",
                    BackboneOptions.random(1).withLora(LoraConfig.ofRank(2, 1)), null, weights);
            Backbone bert = Backbones.build(org.netllm.backbone.onnx.BertOnnx.bert(16, 2, 4, 32, 30, 16, 2), "tiny-bert",
                    BackboneOptions.random(1), null, weights);
            int parameters = weights.getManagedArrays().size();
            for (Backbone b : new Backbone[] {backbone, bert}) {
                try (KvCache cache = b.newCache(streams)) {
                    for (int step = 0; step < 3; step++) {
                        try (NDManager scope = streams.newSubManager()) {
                            ParameterStore ps = new ParameterStore(scope, false);
                            b.forward(ps, new NDList(scope.randomNormal(new Shape(1, 4, 16))), false);
                            b.forwardIncremental(ps, scope.randomNormal(new Shape(1, 2, 16)), cache);
                            b.embedTokens(scope.create(new long[][] {{1, 2}}));
                        }
                    }
                    // Only each layer's keys and values remain, in the cache's manager.
                    assertThat(streams.getManagedArrays()).hasSize(2 * 2);
                }
                b.mergeLora();
                b.unmergeLora();
            }
            assertThat(weights.getManagedArrays()).hasSize(parameters);
        }
    }
}
