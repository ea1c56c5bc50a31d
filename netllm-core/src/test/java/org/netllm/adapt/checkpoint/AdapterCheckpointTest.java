package org.netllm.adapt.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.safetensors.SafetensorsFile;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.TinyBackbones;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.rl.ReturnConditionedTest;
import org.netllm.adapt.rl.TrajectoryWindows;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.LoraConfig;

class AdapterCheckpointTest {

    private static final EncoderSettings SMALL = new EncoderSettings(16, 8, 4, 4, 16, 1, 2, 8, 2);

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(19);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static BackboneOptions tinyOptions(long seed) {
        return BackboneOptions.random(seed).withLora(LoraConfig.ofRank(4, seed));
    }

    private AdapterConfig config(Backbone backbone, long seed) {
        var task = new ObjectMapper().createObjectNode().put("task", "toy-bandit").put("levels", 3);
        return new AdapterConfig(AdapterConfig.FORMAT, BackboneRef.of("tiny", tinyOptions(seed), backbone),
                AdaptationMode.LORA,
                List.of(InputSpec.scalar("signal", 1), InputSpec.sequence("history", 1, 3)), SMALL,
                new HeadSpec.Categorical(3), new ReturnConditioning(2, 2, 2), task);
    }

    private AdaptedModel trainedAndSaved() throws IOException {
        Backbone backbone = TinyBackbones.withLora(1, manager);
        var config = config(backbone, 1);
        var model = AdapterCheckpoint.build(config, backbone, manager);
        var data = new TrajectoryWindows(ReturnConditionedTest.randomBehaviour(10, 1),
                model.encoder().arrayShapes(), 1, ((ReturnConditionedAdapter) model).conditioning());
        new AdaptationTrainer(model, AdaptationMode.LORA, TrainingConfig.builder(3, 4).accumulation(1)
                .learningRate(1e-2).weightDecay(0).warmupSteps(0).clipNorm(0).seed(1).validateEvery(0).progress(false)
                .build(),
                manager).train(data, null);
        AdapterCheckpoint.save(dir, model, config);
        return model;
    }

    @Test
    void aSavedAdapterLoadsAndAnswersIdentically() throws IOException {
        var original = trainedAndSaved();
        var loaded = AdapterCheckpoint.load(dir, TinyBackbones.withLora(1, manager), manager);

        var batch = new TrajectoryWindows(ReturnConditionedTest.randomBehaviour(5, 2),
                original.encoder().arrayShapes(), 1, new ReturnConditioning(2, 2, 2))
                .sample(manager, new Random(3), 6);
        var store = new ParameterStore(manager, false);
        float[] expected = original.forward(store, batch.inputs(), false).head().toFloatArray();
        float[] actual = loaded.forward(store, new NDList(batch.inputs()), false).head().toFloatArray();
        assertThat(actual).containsExactly(expected);
        assertThat(AdapterCheckpoint.readConfig(dir).task().get("task").asText()).isEqualTo("toy-bandit");
        // Only trained weights are stored: no frozen base weight of the backbone.
        var names = SafetensorsFile.readAll(dir.resolve(AdapterCheckpoint.WEIGHTS)).keySet();
        assertThat(names).anyMatch(n -> n.contains("lora_A")).noneMatch(n -> n.endsWith("q_proj_weight"));
    }

    @Test
    void anAdapterRebuildsItsOwnBackboneFromTheConfig() throws IOException {
        var original = trainedAndSaved();
        var loaded = AdapterCheckpoint.load(dir, manager);
        var batch = new TrajectoryWindows(ReturnConditionedTest.randomBehaviour(5, 4),
                original.encoder().arrayShapes(), 1, new ReturnConditioning(2, 2, 2))
                .sample(manager, new Random(5), 4);
        var store = new ParameterStore(manager, false);
        assertThat(loaded.forward(store, batch.inputs(), false).head().toFloatArray())
                .containsExactly(original.forward(store, batch.inputs(), false).head().toFloatArray());
    }

    @Test
    void anotherBackboneIsRefusedNamingBothWeightHashes() throws IOException {
        trainedAndSaved();
        Backbone other = TinyBackbones.withLora(2, manager);
        assertThatThrownBy(() -> AdapterCheckpoint.load(dir, other, manager))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("random:1").hasMessageContaining(other.weightsSha256());
    }

    @Test
    void aBackboneWithoutAdaptersIsRefusedForALoraCheckpoint() throws IOException {
        trainedAndSaved();
        Backbone plain = org.netllm.backbone.Backbones.tiny(2, TinyBackbones.WIDTH, 4, 1, Optional.empty(), manager);
        assertThatThrownBy(() -> AdapterCheckpoint.load(dir, plain, manager))
                .isInstanceOf(AdapterLoadException.class).hasMessageContaining("no LoRA adapters");
    }

    @Test
    void aTruncatedWeightsFileIsReportedAsTruncated() throws IOException {
        trainedAndSaved();
        Path weights = dir.resolve(AdapterCheckpoint.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> AdapterCheckpoint.load(dir, TinyBackbones.withLora(1, manager), manager))
                .isInstanceOf(AdapterLoadException.class).hasMessageContaining("truncated")
                .hasMessageContaining(weights.toString());
    }

    @Test
    void aShapeMismatchNamesTheTensorAndBothShapes() throws IOException {
        trainedAndSaved();
        Path json = dir.resolve(AdapterCheckpoint.CONFIG);
        Files.writeString(json, Files.readString(json).replace("\"actions\" : 3", "\"actions\" : 4"));
        assertThatThrownBy(() -> AdapterCheckpoint.load(dir, TinyBackbones.withLora(1, manager), manager))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("head").hasMessageContaining("[3, 32]").hasMessageContaining("(4, 32)");
    }

    @Test
    void aMissingCheckpointSaysWhatAnAdapterDirectoryHolds() {
        assertThatThrownBy(() -> AdapterCheckpoint.readConfig(dir.resolve("nope")))
                .isInstanceOf(AdapterLoadException.class).hasMessageContaining("adapter.json is missing");
    }
}
