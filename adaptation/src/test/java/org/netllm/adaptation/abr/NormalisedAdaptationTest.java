package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.ReturnScaling;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.SynthTrace;
import org.netllm.emulation.abr.SynthVideo;
import org.netllm.emulation.abr.Trace;
import org.netllm.errors.InvalidInputException;

/** Adapting on several ladders and generated traces at once, with the ladder-free state. */
class NormalisedAdaptationTest {

    private static final Video ENVIVIO = TestData.envivio();
    private static final Video HIGH = new SynthVideo(new int[] {700, 1600, 2800, 4200, 6300, 9500}, 0.05)
            .generate(ENVIVIO, "high", 33L);

    @TempDir
    Path dir;

    private static ExperiencePool pool(Video video, List<Trace> traces) {
        return ExperienceCollector.collect(new ExperienceCollector.Plan(
                List.of(new AbrEvaluation.Online(AbrPolicies.byName("robust-mpc")),
                        new AbrEvaluation.Online(AbrPolicies.byName("bba@eps=0.3"))),
                traces, video, 6, 3L), 2, (d, t) -> { });
    }

    @Test
    void rewardsCountInTopBitratesSoTheBestChunkEarnsAboutOneOnAnyLadder() {
        List<Trace> traces = new SynthTrace(2.0, 20.0, 3, 0.1, 0.0, 0.05, 320).generate(3, 5L);
        ExperiencePool low = pool(ENVIVIO, traces);
        ExperiencePool high = pool(HIGH, traces);
        ReturnScaling netllm = ExperiencePool.returnScaling(List.of(low, high), AbrStateDefinition.NETLLM);
        ReturnScaling normalised = ExperiencePool.returnScaling(List.of(low, high), AbrStateDefinition.NORMALISED);
        // fast links: both ladders reach their top level, 4.3 and 9.5 Mbps per chunk
        assertThat(netllm.rewardMax()).isCloseTo(9.5, within(1e-6));
        assertThat(normalised.rewardMax()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void twoLaddersTrainOneNormalisedModelThatReplaysItsValidationScoreWhenLoaded() {
        List<Trace> train = TestData.traces("fcc-train", 4);
        List<Trace> valid = TestData.traces("fcc-valid", 2);
        List<ValidationSet> validation = List.of(new ValidationSet("fcc on envivio", ENVIVIO, valid),
                new ValidationSet("fcc on high", HIGH, valid));
        AdaptationSettings settings = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 4, 4, 4,
                1e-3, LearningRateDecay.COSINE, 4, List.of(), 7L, AbrStateDefinition.NORMALISED);
        try (NDManager manager = NDManager.newBaseManager()) {
            AbrAdaptation.Result result = AbrAdaptation.run(List.of(pool(ENVIVIO, train), pool(HIGH, train)),
                    validation, settings, false, manager);
            result.save(dir.resolve("tiny"));
            assertThat(result.task().state()).isEqualTo(AbrStateDefinition.NORMALISED);
            assertThat(AdapterCheckpoint.readConfig(dir.resolve("tiny")).task().get("state").asText())
                    .isEqualTo("NORMALISED");
            try (NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir.resolve("tiny"))) {
                assertThat(policy.settings().state()).isEqualTo(AbrStateDefinition.NORMALISED);
                assertThat(AbrAdaptation.meanQoe(policy, validation)).isEqualTo(result.training().bestScore());
            }
        }
    }

    @Test
    void poolsWithDifferentLevelCountsAreRefused() {
        long[][] sizes = new long[5][];
        for (int level = 0; level < 5; level++) {
            sizes[level] = new long[ENVIVIO.chunkCount()];
            for (int chunk = 0; chunk < ENVIVIO.chunkCount(); chunk++) {
                sizes[level][chunk] = ENVIVIO.chunkBytes(chunk, level);
            }
        }
        Video five = new Video("five", new int[] {300, 750, 1200, 1850, 2850}, sizes, 4.0);
        List<Trace> train = TestData.traces("fcc-train", 2);
        AdaptationSettings settings = new AdaptationSettings(BackboneChoice.TINY, AdaptationMode.LORA, 4, 4, 1, 2,
                1e-3, LearningRateDecay.COSINE, 1, List.of(), 7L, AbrStateDefinition.NORMALISED);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> AbrAdaptation.run(List.of(pool(ENVIVIO, train), pool(five, train)),
                    List.of(new ValidationSet("v", ENVIVIO, train)), settings, false, manager))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("as many levels");
        }
    }
}
