package org.netllm.controller.abr.pensieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.Video;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsFile;

class PensievePolicyTest {

    @TempDir
    Path dir;

    private static PensieveNetwork actor(NDManager manager) {
        Engine.getInstance().setRandomSeed(5);
        PensieveNetwork actor = new PensieveNetwork(PensieveState.LEVELS);
        actor.initialize(manager, DataType.FLOAT32, new Shape(1, PensieveState.ROWS, PensieveState.HISTORY));
        return actor;
    }

    private static AbrObservation observation(int[] kbps, int chunks) {
        Video v = PensieveStateTest.video(kbps);
        return AbrObservation.after(PensieveStateTest.history(chunks, kbps.length), v);
    }

    @Test
    void actorAnswersOneLogitPerLevelAndCriticOneValueFromUnpaddedConvolutions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PensieveNetwork actor = actor(manager);
            PensieveNetwork critic = new PensieveNetwork(1);
            critic.initialize(manager, DataType.FLOAT32, new Shape(3, PensieveState.ROWS, PensieveState.HISTORY));
            ParameterStore store = new ParameterStore(manager, false);
            var x = manager.randomUniform(0, 1, new Shape(3, PensieveState.ROWS, PensieveState.HISTORY));
            assertThat(actor.forward(store, new NDList(x), false).head().getShape()).isEqualTo(new Shape(3, 6));
            assertThat(critic.forward(store, new NDList(x), false).head().getShape()).isEqualTo(new Shape(3, 1));
            // merged layer: 128 · (5 + 5 + 3) convolution outputs + 3 · 128 scalar units = 2048 inputs
            assertThat(actor.getParameters().get("07merged_weight").getArray().getShape()).isEqualTo(new Shape(128, 2048));
            long parameters = actor.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertThat(parameters).isEqualTo(3 * (128 * 4 + 128) + 3 * (128 + 128) + (2048 * 128 + 128) + (128 * 6 + 6));
        }
    }

    @Test
    void absentLevelsOfAShorterLadderGetNoProbabilityAndAreNeverChosen() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PensievePolicy policy = new PensievePolicy("pensieve", actor(manager), manager);
            List<AbrObservation> batch = List.of(observation(PensieveStateTest.ENVIVIO_KBPS, 4),
                    observation(new int[] {300, 1200, 2850, 4300}, 4));
            float[][] p = policy.probabilities(batch);
            assertThat(p[0]).hasSize(6);
            assertThat(p[1]).hasSize(4);
            for (float[] row : p) {
                double sum = 0;
                for (float v : row) {
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
            int[] levels = policy.chooseLevels(batch);
            assertThat(levels[1]).isBetween(0, 3);
            // one observation alone decides as it does in a batch
            assertThat(policy.newSession().chooseLevel(batch.get(1))).isEqualTo(levels[1]);
        }
    }

    @Test
    void savedActorDecidesExactlyAsTheTrainedOne() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            PensievePolicy trained = new PensievePolicy("pensieve", actor(manager), manager);
            List<AbrObservation> batch = List.of(observation(PensieveStateTest.ENVIVIO_KBPS, 2),
                    observation(PensieveStateTest.ENVIVIO_KBPS, 20));
            float[][] expected = trained.probabilities(batch);
            PensieveCheckpoint.save(dir, actor(manager));
            try (PensievePolicy loaded = PensievePolicy.load("pensieve:" + dir, dir)) {
                float[][] actual = loaded.probabilities(batch);
                assertThat(actual[0]).containsExactly(expected[0]);
                assertThat(actual[1]).containsExactly(expected[1]);
                assertThat(loaded.name()).isEqualTo("pensieve:" + dir);
            }
        }
    }

    @Test
    void aMissingFolderOrAnotherKindOfModelIsRefusedWithWhatToDo() throws Exception {
        assertThatThrownBy(() -> PensievePolicy.load("p", dir.resolve("nowhere")))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("nowhere does not exist")
                .hasMessageContaining("train-pensieve");
        Files.writeString(dir.resolve("adapter.json"), "{}"); // an adapted-model checkpoint
        assertThatThrownBy(() -> PensievePolicy.load("p", dir))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("is not a Pensieve model: it lacks pensieve.json");
        Files.writeString(dir.resolve(PensieveCheckpoint.CONFIG), "{\"task\":\"vp-track\",\"levels\":6,"
                + "\"state\":\"pensieve-6x8\",\"filters\":128,\"units\":128}");
        assertThatThrownBy(() -> PensievePolicy.load("p", dir))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("task=vp-track");
    }

    @Test
    void aWeightsFileWithoutATensorIsRefusedNamingIt() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            PensieveCheckpoint.save(dir, actor(manager));
        }
        var tensors = new java.util.LinkedHashMap<>(SafetensorsFile.readAll(dir.resolve(PensieveCheckpoint.WEIGHTS)));
        FloatTensor removed = tensors.remove("07merged_weight");
        assertThat(removed).isNotNull();
        SafetensorsFile.write(dir.resolve(PensieveCheckpoint.WEIGHTS), tensors);
        assertThatThrownBy(() -> PensievePolicy.load("p", dir))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("tensor 07merged_weight is missing");
    }
}
