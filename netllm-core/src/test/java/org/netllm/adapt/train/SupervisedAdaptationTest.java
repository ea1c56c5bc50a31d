package org.netllm.adapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.TinyBackbones;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.backbone.Backbone;

class SupervisedAdaptationTest {

    static final EncoderSettings SMALL = new EncoderSettings(16, 8, 4, 4, 16, 1, 2, 8, 2);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Label: whether the scalar input exceeds 0.5; the two sequences are distractors. */
    static SupervisedDataset toyData(MultimodalEncoder encoder, int n, long seed) {
        var data = new SupervisedDataset(encoder.arrayShapes(), 1);
        var random = new Random(seed);
        for (int i = 0; i < n; i++) {
            float[] a = new float[6];
            float[] b = new float[6];
            double sa = 0;
            double sb = 0;
            for (int t = 0; t < 6; t++) {
                a[t] = random.nextFloat();
                b[t] = random.nextFloat();
                sa += a[t];
                sb += b[t];
            }
            float x = random.nextFloat();
            data.add(List.of(a, b, new float[] {x}), new float[] {x > 0.5 ? 1 : 0});
        }
        return data;
    }

    private SupervisedAdapter model(Backbone backbone) {
        var encoder = new MultimodalEncoder(List.of(InputSpec.sequence("a", 1, 6), InputSpec.sequence("b", 1, 6),
                InputSpec.scalar("noise", 1)), TinyBackbones.WIDTH, SMALL);
        return new SupervisedAdapter(encoder, backbone, NetworkingHead.of(new HeadSpec.Categorical(2)))
                .initialize(manager);
    }

    private static Map<String, float[]> snapshot(Backbone backbone) {
        var values = new HashMap<String, float[]>();
        for (var p : backbone.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void lossFallsAndFrozenWeightsStayBitIdenticalUnderLora() {
        Backbone backbone = TinyBackbones.withLora(1, manager);
        var model = model(backbone);
        var before = snapshot(backbone);
        var config = TrainingConfig.builder(30, 16).accumulation(1).learningRate(1e-2).weightDecay(1e-4)
                .warmupSteps(5).clipNorm(1.0).seed(5).validateEvery(0).progress(false).build();
        var trainer = new AdaptationTrainer(model, AdaptationMode.LORA, config, manager);
        var result = trainer.train(toyData(model.encoder(), 512, 1), null);

        assertThat(result.meanLossOfLast(10)).isLessThan(0.3 * result.meanLossOfFirst(10));
        var after = snapshot(backbone);
        int loraChanged = 0;
        for (var name : before.keySet()) {
            if (AdaptationMode.isLoraParameter(name)) {
                loraChanged += java.util.Arrays.equals(before.get(name), after.get(name)) ? 0 : 1;
            } else {
                assertThat(after.get(name)).as(name).containsExactly(before.get(name));
            }
        }
        assertThat(loraChanged).isGreaterThan(0);
        var counts = trainer.parameterCounts();
        assertThat(counts.trainable()).isLessThan(counts.total());
    }

    @Test
    void fullFineTuningChangesBackboneWeightsAndFrozenModeChangesNone() {
        Backbone full = TinyBackbones.plain(2, manager);
        var fullModel = model(full);
        var before = snapshot(full);
        var config = TrainingConfig.builder(3, 8).accumulation(2).learningRate(1e-3).weightDecay(0).warmupSteps(0)
                .clipNorm(0).seed(5).validateEvery(0).progress(false).build();
        new AdaptationTrainer(fullModel, AdaptationMode.FULL, config, manager).train(toyData(fullModel.encoder(), 64, 2), null);
        // Every backbone weight moves except the token table: NetLLM feeds embeddings, never token ids.
        snapshot(full).forEach((name, v) -> {
            if (name.contains("embed_tokens")) {
                assertThat(v).as(name).containsExactly(before.get(name));
            } else {
                assertThat(v).as(name).isNotEqualTo(before.get(name));
            }
        });

        Backbone frozen = TinyBackbones.withLora(3, manager);
        var frozenModel = model(frozen);
        var frozenBefore = snapshot(frozen);
        new AdaptationTrainer(frozenModel, AdaptationMode.FROZEN, config, manager)
                .train(toyData(frozenModel.encoder(), 64, 2), null);
        snapshot(frozen).forEach((name, v) -> assertThat(v).as(name).containsExactly(frozenBefore.get(name)));
    }

    @Test
    void loraModeRefusesABackboneWithoutAdapters() {
        var model = model(TinyBackbones.plain(4, manager));
        assertThatThrownBy(() -> new AdaptationTrainer(model, AdaptationMode.LORA,
                TrainingConfig.defaults(1, 1), manager)).hasMessageContaining("lora_A");
    }

    @Test
    void validationKeepsTheBestStepsWeights() {
        var model = model(TinyBackbones.withLora(5, manager));
        var data = toyData(model.encoder(), 64, 3);
        var config = TrainingConfig.builder(6, 8).accumulation(1).learningRate(1e-2).weightDecay(0).warmupSteps(0)
                .clipNorm(0).seed(5).validateEvery(1).progress(false).build();
        List<Parameter> trainable = AdaptationTrainer.selectTrainable(model, AdaptationMode.LORA);
        Map<Integer, float[]> seen = new HashMap<>();
        // Scores peak at step 3; the weights of step 3 must be the ones left in the model.
        var result = new AdaptationTrainer(model, AdaptationMode.LORA, config, manager).train(data, step -> {
            seen.put(step, trainable.get(0).getArray().toFloatArray());
            return -Math.abs(step - 3);
        });
        assertThat(result.bestStep()).isEqualTo(3);
        assertThat(trainable.get(0).getArray().toFloatArray()).containsExactly(seen.get(3));
        assertThat(seen.get(6)).isNotEqualTo(seen.get(3));
    }

    @Test
    void validationScoresTheWeightAverageWhileTrainingGoesOnFromTheStepsWeights() {
        // Two runs from the same start: one validating each step's weights, one their moving average (decay 0.5).
        Map<Integer, float[]> raw = new HashMap<>();
        Map<Integer, float[]> averaged = new HashMap<>();
        float[] start = null;
        float[] keptAveraged = null;
        for (double decay : new double[] {0, 0.5}) {
            Engine.getInstance().setRandomSeed(29);
            var model = model(TinyBackbones.withLora(7, manager));
            var config = TrainingConfig.builder(6, 8).learningRate(1e-2).weightDecay(0).warmupSteps(0).clipNorm(0)
                    .seed(5).validateEvery(1).progress(false).averageDecay(decay).build();
            List<Parameter> trainable = AdaptationTrainer.selectTrainable(model, AdaptationMode.LORA);
            Parameter watched = trainable.get(trainable.size() - 1);
            start = watched.getArray().toFloatArray();
            Map<Integer, float[]> seen = decay == 0 ? raw : averaged;
            var result = new AdaptationTrainer(model, AdaptationMode.LORA, config, manager).train(
                    toyData(model.encoder(), 64, 3), step -> {
                        seen.put(step, watched.getArray().toFloatArray());
                        return -Math.abs(step - 3);
                    });
            assertThat(result.bestStep()).isEqualTo(3);
            if (decay > 0) {
                keptAveraged = watched.getArray().toFloatArray();
            }
        }
        // The average the second run validated, computed by hand from the first run's step weights: equal only if
        // the optimizer kept training the raw weights, not the swapped-in average.
        float[] expected = start.clone();
        for (int step = 1; step <= 6; step++) {
            double beta = Math.min(0.5, step / (9.0 + step));
            float[] w = raw.get(step);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) (beta * expected[i] + (1 - beta) * w[i]);
            }
            float[] got = averaged.get(step);
            for (int i = 0; i < expected.length; i++) {
                assertThat(got[i]).as("step %d weight %d", step, i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        assertThat(averaged.get(6)).isNotEqualTo(raw.get(6));
        assertThat(keptAveraged).containsExactly(averaged.get(3));
    }

    @Test
    void accumulatingTwoHalfBatchesUpdatesLikeOneFullBatch() {
        float[][] after = new float[2][];
        double[] loss = new double[2];
        int[][] shapes = {{8, 1}, {4, 2}};
        for (int run = 0; run < 2; run++) {
            Engine.getInstance().setRandomSeed(23);
            var model = model(TinyBackbones.withLora(6, manager));
            // Both runs draw the same 8 examples: the dataset draws indices one after another from the seed.
            var config = TrainingConfig.builder(1, shapes[run][0]).accumulation(shapes[run][1]).learningRate(1e-2)
                    .weightDecay(0).warmupSteps(0).clipNorm(0).seed(5).validateEvery(0).progress(false).build();
            var trainer = new AdaptationTrainer(model, AdaptationMode.LORA, config, manager);
            loss[run] = trainer.train(toyData(model.encoder(), 64, 4), null).losses().get(0);
            after[run] = model.head().getParameters().get(0).getValue().getArray().toFloatArray();
        }
        assertThat(loss[1]).isCloseTo(loss[0], org.assertj.core.data.Offset.offset(1e-5));
        // Adam's first step moves each weight by the learning rate along its gradient's sign: equal weights mean
        // the summed half-batch gradients point where the full batch's do (the last half alone would not).
        for (int i = 0; i < after[0].length; i++) {
            assertThat(after[1][i]).isCloseTo(after[0][i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
