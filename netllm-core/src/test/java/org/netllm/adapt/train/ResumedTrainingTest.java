package org.netllm.adapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.TinyBackbones;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.SupervisedAdapter;

class ResumedTrainingTest {

    @TempDir
    Path tmp;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private SupervisedAdapter model() {
        Engine.getInstance().setRandomSeed(31);
        var encoder = new MultimodalEncoder(List.of(InputSpec.sequence("a", 1, 6), InputSpec.sequence("b", 1, 6),
                InputSpec.scalar("noise", 1)), TinyBackbones.WIDTH, SupervisedAdaptationTest.SMALL);
        return new SupervisedAdapter(encoder, TinyBackbones.withLora(9, manager),
                NetworkingHead.of(new HeadSpec.Categorical(2))).initialize(manager);
    }

    private static TrainingConfig config(int steps, double averageDecay) {
        return TrainingConfig.builder(steps, 8).learningRate(1e-2).warmupSteps(2).seed(5).validateEvery(3)
                .progress(false).decay(TrainingConfig.LearningRateDecay.COSINE).averageDecay(averageDecay).build();
    }

    /** A validation whose scores depend on the weights, so a resumed run that differs would keep another step. */
    private static Validation scoreOf(List<Parameter> trainable) {
        return step -> trainable.get(0).getArray().square().sum().getFloat();
    }

    private record Run(List<float[]> weights, TrainingResult result, List<Integer> kept) {
    }

    private Run train(int steps, double averageDecay, RunControl control) {
        var model = model();
        List<Parameter> trainable = AdaptationTrainer.selectTrainable(model, AdaptationMode.LORA);
        List<Integer> kept = new ArrayList<>();
        RunControl observed = new RunControl(control.folder(), control.resumeFrom(), control.stop(),
                (step, score, best) -> {
                    if (best) {
                        kept.add(step);
                    }
                });
        var result = new AdaptationTrainer(model, AdaptationMode.LORA, config(steps, averageDecay), manager).train(
                SupervisedAdaptationTest.toyData(model.encoder(), 64, 3), scoreOf(trainable), observed);
        List<float[]> weights = trainable.stream().map(p -> p.getArray().toFloatArray()).toList();
        return new Run(weights, result, kept);
    }

    private static void assertSameRun(Run resumed, Run whole) {
        assertThat(resumed.result().stopped()).isFalse();
        assertThat(resumed.weights()).hasSameSizeAs(whole.weights());
        for (int i = 0; i < whole.weights().size(); i++) {
            assertThat(resumed.weights().get(i)).as("parameter %d", i).containsExactly(whole.weights().get(i));
        }
        assertThat(resumed.result().losses()).containsExactlyElementsOf(whole.result().losses());
        assertThat(resumed.result().validations()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(whole.result().validations());
        assertThat(resumed.result().bestStep()).isEqualTo(whole.result().bestStep());
        assertThat(resumed.result().bestScore()).isEqualTo(whole.result().bestScore());
    }

    @Test
    void aRunStoppedMidwayAndResumedEndsWithTheWeightsAndFiguresOfAnUnbrokenOne() {
        for (double averageDecay : new double[] {0, 0.5}) {
            Run whole = train(10, averageDecay, RunControl.none());
            ResumeFolder folder = ResumeFolder.of(tmp.resolve("run-" + averageDecay));
            // Stopped by a request during step 5 (a signal): it finishes the step, saves, and returns.
            StopRequest stop = StopRequest.never();
            AtomicInteger calls = new AtomicInteger();
            var model = model();
            List<Parameter> trainable = AdaptationTrainer.selectTrainable(model, AdaptationMode.LORA);
            var data = SupervisedAdaptationTest.toyData(model.encoder(), 64, 3);
            TrainingResult first = new AdaptationTrainer(model, AdaptationMode.LORA, config(10, averageDecay), manager)
                    .train((m, random, size) -> {
                        if (calls.incrementAndGet() == 5) {
                            stop.request("SIGTERM");
                        }
                        return data.sample(m, random, size);
                    }, scoreOf(trainable), new RunControl(folder, null, stop, (s, v, b) -> { }));
            assertThat(first.stoppedBecause()).isEqualTo("SIGTERM");
            assertThat(first.losses()).hasSize(5);
            assertThat(folder.read().step()).isEqualTo(5);

            Run resumed = train(10, averageDecay, new RunControl(folder, folder.read(), StopRequest.never(),
                    (s, v, b) -> { }));
            assertSameRun(resumed, whole);
        }
    }

    @Test
    void aTimeBudgetStopsAtTheFirstValidationAndTheRunGoesOnFromThere() {
        Run whole = train(10, 0, RunControl.none());
        ResumeFolder folder = ResumeFolder.of(tmp.resolve("budget"));
        Run stopped = train(10, 0, new RunControl(folder, null, StopRequest.after(Duration.ZERO), (s, v, b) -> { }));
        assertThat(stopped.result().stoppedBecause()).contains("time budget of 0s");
        assertThat(stopped.result().losses()).hasSize(3);
        assertThat(stopped.kept()).containsExactly(3);
        Run second = train(10, 0, new RunControl(folder, folder.read(), StopRequest.after(Duration.ZERO), (s, v, b) -> { }));
        assertThat(second.result().losses()).hasSize(6);
        Run last = train(10, 0, new RunControl(folder, folder.read(), StopRequest.never(), (s, v, b) -> { }));
        assertSameRun(last, whole);
        assertThat(last.kept()).allMatch(step -> step > 6);
    }

    @Test
    void aResumedRunMayTrainLongerButNotOnOtherParameters() {
        ResumeFolder folder = ResumeFolder.of(tmp.resolve("longer"));
        train(6, 0, new RunControl(folder, null, StopRequest.never(), (s, v, b) -> { }));
        assertThat(folder.read().step()).isEqualTo(6);
        Run longer = train(9, 0, new RunControl(folder, folder.read(), StopRequest.never(), (s, v, b) -> { }));
        assertThat(longer.result().losses()).hasSize(9);
        assertThat(longer.result().validations()).extracting(v -> (int) v[0]).containsExactly(3, 6, 9);
        assertThatThrownBy(() -> train(4, 0, new RunControl(folder, folder.read(), StopRequest.never(), (s, v, b) -> { })))
                .hasMessageContaining("has done 9 steps, more than the 4 asked for");
        assertThatThrownBy(() -> train(12, 0.5, new RunControl(folder, folder.read(), StopRequest.never(),
                (s, v, b) -> { }))).hasMessageContaining("keeps no weight average");
    }

    @Test
    void timeBudgetsReadAsUsersWriteThem() {
        assertThat(StopRequest.parseBudget("45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(StopRequest.parseBudget("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(StopRequest.parseBudget("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StopRequest.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> StopRequest.parseBudget("45 minutes")).hasMessageContaining("45m, 1h30m");
        assertThatThrownBy(() -> StopRequest.parseBudget("")).hasMessageContaining("45m, 1h30m");
    }
}
