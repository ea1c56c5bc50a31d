package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdaptationMode;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

class AbrAdaptationTest {

    private static final Video VIDEO = TestData.envivio();
    private static final List<Trace> VALID = TestData.traces("fcc-valid", 3);
    private static NDManager manager;
    private static AbrAdaptation.Result result;
    private static ExperiencePool pool;

    @TempDir
    static Path dir;

    @BeforeAll
    static void adaptTiny() {
        pool = ExperienceCollector.collect(new ExperienceCollector.Plan(
                List.of(new AbrEvaluation.Online(AbrPolicies.byName("robust-mpc")), new AbrEvaluation.Online(AbrPolicies.byName("bba@eps=0.3"))),
                TestData.traces("fcc-train", 6), VIDEO, 8, 3L), 2, (d, t) -> { });
        AdaptationSettings settings = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 5, 6, 4,
                1e-3, LearningRateDecay.COSINE, 3, List.of(30.0, 10.0), 7L, AbrStateDefinition.NETLLM);
        manager = NDManager.newBaseManager();
        result = AbrAdaptation.run(pool, VALID, settings, false, manager);
        result.save(dir.resolve("tiny"));
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    @Test
    void eachStepIsEightTokensInNetllmOrder() {
        assertThat(result.model().tokensPerStep()).isEqualTo(8);
        assertThat(result.model().encoder().tokens()).isEqualTo(6);
        assertThat(result.model().encoder().inputs()).extracting(InputSpec::name).containsExactly(
                "last_bitrate", "buffer", "throughputs", "download_times", "next_chunk_sizes", "chunks_left");
        assertThat(result.model().encoder().arrayShapes()).extracting(s -> s.length).containsExactly(1, 1, 2, 2, 2, 1);
        assertThat(result.model().conditioning().window()).isEqualTo(5);
    }

    @Test
    void validationRanOnTheValidationTracesAndTheBestStepWasKept() {
        // validated after steps 3 and 6; the kept step is the better one
        assertThat(result.validations()).extracting(v -> (int) v[0]).containsExactly(3, 6);
        double best = Math.max(result.validations().get(0)[1], result.validations().get(1)[1]);
        assertThat(result.training().bestScore()).isEqualTo(best);
        assertThat(result.training().losses()).hasSize(6).allMatch(l -> Double.isFinite(l) && l > 0);
    }

    @Test
    void checkpointLoadsAsAnAbrPolicyThatAlwaysAnswersValidLevels() {
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir.resolve("tiny"))) {
            assertThat(policy.name()).isEqualTo("netllm:tiny");
            for (Trace trace : TestData.traces("fcc-test", 3)) {
                // AbrSession refuses any level outside the ladder
                SessionResult session = AbrSession.play(policy.newSession(), trace, VIDEO, 1);
                assertThat(session.chunks()).hasSize(48)
                        .allMatch(c -> c.level() >= 0 && c.level() < VIDEO.levels());
            }
            // the loaded weights, conditioned on the kept target return, decide exactly as they were validated
            // (the kept target is whichever candidate validated best, so it need not be the first one)
            double loaded = AbrAdaptation.meanQoe(policy, VALID, VIDEO);
            assertThat(loaded).isEqualTo(keptScore());
        }
    }

    /** The validation score of the kept weights with the kept target return. */
    private static double keptScore() {
        return result.targetValidations().stream()
                .filter(v -> v[0] == result.task().targetReturn())
                .mapToDouble(v -> v[1])
                .findFirst()
                .orElseThrow();
    }

    @Test
    void sampledSessionsAreReproducibleFromTheirSeed() {
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir.resolve("tiny"),
                new NetllmAbrPolicy.Decoding.Sampled(5L), OptionalDouble.empty())) {
            Trace trace = VALID.get(0);
            SessionResult a = AbrSession.play(policy.newSession(42L), trace, VIDEO, 1);
            SessionResult b = AbrSession.play(policy.newSession(42L), trace, VIDEO, 1);
            assertThat(b.chunks()).isEqualTo(a.chunks());
        }
    }

    @Test
    void returnToGoFallsByEachNormalisedRewardAndStartsAtTheChosenTarget() {
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir.resolve("tiny"))) {
            NetllmAbrPolicy.Session session = policy.newSession();
            double target = policy.settings().targetReturn();
            assertThat(target).isEqualTo(result.task().targetReturn());
            AbrSimulator simulator = new AbrSimulator(VALID.get(1), VIDEO, 1);
            List<ChunkDownload> chunks = new ArrayList<>();
            chunks.add(simulator.download(0));
            int level = session.chooseLevel(AbrObservation.after(chunks, VIDEO));
            assertThat(session.returnToGo()).isEqualTo(target);
            chunks.add(simulator.download(level));
            session.chooseLevel(AbrObservation.after(chunks, VIDEO));
            double reward = SessionResult.chunkReward(chunks, 1, VIDEO, QoeModel.LINEAR);
            assertThat(session.returnToGo()).isCloseTo(target - policy.settings().returns().normalise(reward),
                    within(1e-9));
        }
    }

    @Test
    void theCandidateTargetReturnWithTheBestValidationQoeIsSaved() {
        assertThat(result.targetValidations()).extracting(t -> t[0]).containsExactly(30.0, 10.0);
        double[] best = result.targetValidations().get(0)[1] >= result.targetValidations().get(1)[1]
                ? result.targetValidations().get(0) : result.targetValidations().get(1);
        assertThat(result.task().targetReturn()).isEqualTo(best[0]);
        assertThat(AdapterCheckpoint.readConfig(dir.resolve("tiny")).task().get("targetReturn").asDouble())
                .isEqualTo(best[0]);
    }

    @Test
    void everySessionStartsWithAnEmptyContext() {
        try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir.resolve("tiny"))) {
            Trace trace = VALID.get(2);
            SessionResult first = AbrSession.play(policy.newSession(), trace, VIDEO, 1);
            SessionResult again = AbrSession.play(policy.newSession(), trace, VIDEO, 1);
            assertThat(again.chunks()).isEqualTo(first.chunks());
        }
    }

    @Test
    void aWeightAverageLeavesTrainingAloneButValidatesAndKeepsOtherWeights() {
        AdaptationSettings averaged = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 5, 6, 4,
                1e-3, LearningRateDecay.COSINE, 3, List.of(30.0, 10.0), 7L, AbrStateDefinition.NETLLM,
                null, 0.5);
        AdaptationSettings plainSettings = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 5, 6,
                4, 1e-3, LearningRateDecay.COSINE, 3, List.of(30.0, 10.0), 7L, AbrStateDefinition.NETLLM);
        try (NDManager own = NDManager.newBaseManager()) {
            // the heads draw their initial weights from the engine's generator, which earlier runs in this JVM moved
            Engine.getInstance().setRandomSeed(11);
            AbrAdaptation.Result reference = AbrAdaptation.run(pool, VALID, plainSettings, false, own);
            Engine.getInstance().setRandomSeed(11);
            AbrAdaptation.Result run = AbrAdaptation.run(pool, VALID, averaged, false, own);
            // training goes on from each step's own weights, so the same seed gives the same losses
            assertThat(run.training().losses()).isEqualTo(reference.training().losses());
            assertThat(run.validations()).extracting(v -> (int) v[0]).containsExactly(3, 6);
            double difference = 0;
            var plain = reference.model().getParameters();
            var mean = run.model().getParameters();
            for (int i = 0; i < plain.size(); i++) {
                difference += plain.valueAt(i).getArray().sub(mean.valueAt(i).getArray()).abs().sum()
                        .getFloat();
            }
            assertThat(difference).isPositive();
            Path saved = dir.resolve("averaged");
            run.save(saved);
            try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(saved)) {
                double kept = run.targetValidations().stream()
                        .filter(v -> v[0] == run.task().targetReturn()).mapToDouble(v -> v[1]).findFirst()
                        .orElseThrow();
                assertThat(AbrAdaptation.meanQoe(policy, VALID, VIDEO)).isEqualTo(kept);
            }
        }
        assertThatThrownBy(() -> new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 5, 6, 4,
                1e-3, LearningRateDecay.COSINE, 3, List.of(30.0), 7L, AbrStateDefinition.NETLLM, null, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight-average");
    }

    @Test
    void aBandedSessionModelIsSavedWithItsSpanAndDecidesAsValidated() {
        AdaptationSettings banded = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 48, 2, 2,
                1e-3, LearningRateDecay.COSINE, 2, List.of(30.0), 7L, AbrStateDefinition.NETLLM,
                org.netllm.adapt.rl.TrajectoryWindows.Start.EPISODE_START, 0, 3);
        try (NDManager own = NDManager.newBaseManager()) {
            AbrAdaptation.Result run = AbrAdaptation.run(pool, VALID, banded, false, own);
            Path saved = dir.resolve("banded");
            run.save(saved);
            // three steps of eight tokens, in every layer
            assertThat(AdapterCheckpoint.readConfig(saved).backbone().attentionSpan()).isEqualTo(24);
            try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(saved)) {
                assertThat(AbrAdaptation.meanQoe(policy, VALID, VIDEO)).isEqualTo(run.training().bestScore());
            }
        }
        assertThatThrownBy(() -> new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 5, 6, 4,
                1e-3, LearningRateDecay.COSINE, 3, List.of(30.0), 7L, AbrStateDefinition.NETLLM, null, 0, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attention span");
    }

    @Test
    void adapterWithoutWeightsIsRefusedWithAClearMessage() throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(dir.resolve("tiny").resolve(AdapterCheckpoint.CONFIG), broken.resolve(AdapterCheckpoint.CONFIG));
        assertThatThrownBy(() -> NetllmAbrPolicy.load(broken))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining(AdapterCheckpoint.WEIGHTS);
        assertThatThrownBy(() -> NetllmAbrPolicy.load(dir.resolve("nothing-here")))
                .isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("adapter.json");
    }
}
