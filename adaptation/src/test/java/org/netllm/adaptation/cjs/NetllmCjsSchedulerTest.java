package org.netllm.adaptation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsRequest;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ForwardingCjsScheduler;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.cjs.SchedulerDraws;
import org.netllm.controller.cjs.learned.CjsCheckpoint;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.EpisodeResult;

class NetllmCjsSchedulerTest {

    private static final int EXECUTORS = 6;
    private static final int JOBS = 6;

    @TempDir
    static Path tmp;

    static NDManager manager;
    static CjsAdaptation.Result trained;

    @BeforeAll
    static void trainTinyModel() {
        manager = NDManager.newBaseManager();
        Path file = tmp.resolve("pool.nlcp");
        CjsCollector.collect(new CjsCollector.Settings(List.of(RoundRobin.fair(), RoundRobin.fifo()), EXECUTORS, JOBS,
                2, CjsSeeds.TRAINING_FIRST + 3), CjsPoolFileTest.library(), 2, file, (a, b) -> { });
        CjsExperiencePool pool = CjsPoolFile.read(file);
        var settings = new CjsAdaptationSettings("tiny", AdaptationMode.LORA, 4, 4, 3, 2, 1e-3,
                LearningRateDecay.CONSTANT, 0, List.of(), 11,
                org.netllm.controller.cjs.learned.CjsConditioning.JOB_TIME, List.of(), 1);
        trained = CjsAdaptation.run(pool, List.of(validation()), CjsPoolFileTest.library(), settings, false, manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static CjsEpisode.Setup validation() {
        return CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST, JOBS, CjsSimulator.Config.of(EXECUTORS));
    }

    /** Records every decision and checks it against the observation it answers. */
    static final class Checked extends ForwardingCjsScheduler {
        final List<CjsAction> actions = new ArrayList<>();
        int violations;

        Checked(CjsScheduler inner) {
            super(inner);
        }

        @Override
        public CjsAction decide(CjsObservation obs, SchedulerDraws draws, CjsMemory memory) {
            CjsAction a = inner.decide(obs, draws, memory);
            int cap = a.stage() >= 0 && a.stage() < obs.schedulable().length
                    ? obs.commitCap(obs.jobOf(obs.schedulable()[a.stage()])) : -1;
            if (cap < 0 || a.executors() < 1 || a.executors() > Math.max(1, cap)) {
                violations++;
            }
            actions.add(a);
            return a;
        }
    }

    @Test
    void theCachedExecutorPassDecidesAsTwoFullPasses() {
        var model = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        var cached = new Checked(model.withPasses(NetllmCjsScheduler.Passes.CACHED));
        var twice = new Checked(model.withPasses(NetllmCjsScheduler.Passes.TWO));
        EpisodeResult a = CjsEpisode.play(validation(), CjsPoolFileTest.library(), cached, false);
        EpisodeResult b = CjsEpisode.play(validation(), CjsPoolFileTest.library(), twice, false);
        assertThat(cached.actions).hasSizeGreaterThan(JOBS).isEqualTo(twice.actions);
        assertThat(a.avgJctS()).isEqualTo(b.avgJctS());
    }

    @Test
    void interleavedEpisodesEachKeepTheirOwnContext() {
        // Two clusters decided alternately by one scheduler (as the live policy actor does) decide as each alone.
        var scheduler = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        CjsEpisode.Setup other = CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST + 1, JOBS, CjsSimulator.Config.of(EXECUTORS));
        List<CjsAction> aloneA = alone(scheduler, validation());
        List<CjsAction> aloneB = alone(scheduler, other);
        CjsEpisode.Run a = CjsEpisode.start(validation(), CjsPoolFileTest.library(), null);
        CjsEpisode.Run b = CjsEpisode.start(other, CjsPoolFileTest.library(), null);
        CjsMemory memoryA = scheduler.start();
        CjsMemory memoryB = scheduler.start();
        List<CjsAction> actionsA = new ArrayList<>();
        List<CjsAction> actionsB = new ArrayList<>();
        while (!a.done() || !b.done()) {
            if (!a.done()) {
                memoryA = step(scheduler, a, memoryA, actionsA);
            }
            if (!b.done()) {
                memoryB = step(scheduler, b, memoryB, actionsB);
            }
        }
        assertThat(actionsA).isEqualTo(aloneA);
        assertThat(actionsB).isEqualTo(aloneB);
        assertThat(((NetllmCjsScheduler.Context) memoryA).steps()).hasSize(trained.model().settings().window() - 1);
    }

    private static List<CjsAction> alone(CjsScheduler scheduler, CjsEpisode.Setup setup) {
        Checked checked = new Checked(scheduler);
        CjsEpisode.play(setup, CjsPoolFileTest.library(), checked, false);
        return checked.actions;
    }

    private static CjsMemory step(CjsScheduler scheduler, CjsEpisode.Run run, CjsMemory memory, List<CjsAction> out) {
        CjsObservation obs = run.observe();
        CjsAction action = scheduler.decide(obs, run.draws(obs), memory);
        out.add(action);
        return scheduler.remember(memory, obs, action, run.step(action));
    }

    @Test
    void aBatchOfClustersDecidesAsEachClusterAlone() {
        var greedy = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        List<CjsRequest> requests = clusters(greedy);
        assertThat(requests.stream().map(r -> ((NetllmCjsScheduler.Context) r.memory()).steps().size()).distinct())
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(requests.stream().map(r -> r.observation().schedulable().length).distinct())
                .hasSizeGreaterThanOrEqualTo(3);
        var sampled = greedy.withChoice(NetllmCjsScheduler.Choice.SAMPLED);
        List<CjsAction> sampledActions = null;
        for (NetllmCjsScheduler s : List.of(greedy, greedy.withPasses(NetllmCjsScheduler.Passes.TWO), sampled,
                sampled.withPasses(NetllmCjsScheduler.Passes.TWO), greedy.withTemperature(0.5),
                greedy.withTemperature(3).withPasses(NetllmCjsScheduler.Passes.TWO))) {
            String mode = s.passes() + ", " + s.choice() + ", temperature " + s.temperature();
            List<NetllmCjsScheduler.Scored> batched = s.decideAllScored(requests);
            List<CjsAction> alone = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                NetllmCjsScheduler.Scored one = s.decideScored(requests.get(i));
                alone.add(one.action());
                // The scores too: the tiny model's executor head hardly moves with its input, so equal actions
                // alone would not show a batched pass reading the wrong keys.
                assertThat(batched.get(i).stageScores()).as("%s, request %d", mode, i)
                        .containsExactly(one.stageScores(), org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(batched.get(i).countScores()).as("%s, request %d", mode, i)
                        .containsExactly(one.countScores(), org.assertj.core.data.Offset.offset(1e-4f));
            }
            assertThat(s.decideAll(requests)).as(mode).isEqualTo(alone);
            if (s == sampled) {
                sampledActions = alone;
            }
        }
        // The batch is not one answer repeated: the clusters' own observations and contexts decide.
        assertThat(sampledActions.stream().distinct()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(greedy.decideAll(requests.subList(1, 2))).containsExactly(
                greedy.decide(requests.get(1).observation(), requests.get(1).draws(), requests.get(1).memory()));
        assertThat(greedy.decideAll(List.of())).isEmpty();
    }

    /**
     * Requests as live clusters at different points of their episodes send them: two validation episodes' decisions
     * with their contexts (windows of 0 up to w − 1 earlier steps) and, in the middle, 130 schedulable stages.
     */
    private static List<CjsRequest> clusters(NetllmCjsScheduler scheduler) {
        List<CjsRequest> requests = new ArrayList<>();
        int[] kept = {0, 1, 3, 11, 20};
        CjsEpisode.Setup other = CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST + 1, JOBS, CjsSimulator.Config.of(EXECUTORS));
        for (CjsEpisode.Setup setup : List.of(validation(), other)) {
            CjsEpisode.Run run = CjsEpisode.start(setup, CjsPoolFileTest.library(), null);
            CjsMemory memory = scheduler.start();
            for (int k = 0; k <= kept[kept.length - 1] && !run.done(); k++) {
                CjsObservation obs = run.observe();
                if (java.util.Arrays.binarySearch(kept, k) >= 0) {
                    requests.add(new CjsRequest(obs, SchedulerDraws.deterministic(obs.decision()), memory));
                }
                CjsAction action = scheduler.decide(obs, SchedulerDraws.deterministic(obs.decision()), memory);
                memory = scheduler.remember(memory, obs, action, run.step(action));
            }
            if (requests.size() == kept.length) {
                requests.add(new CjsRequest(wide(130), SchedulerDraws.deterministic(7), scheduler.start()));
            }
        }
        return requests;
    }

    @Test
    void everyDecisionIsASchedulableStageWithACountWithinTheCap() {
        Checked checked = new Checked(new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager));
        EpisodeResult r = CjsEpisode.play(validation(), CjsPoolFileTest.library(), checked, false);
        assertThat(checked.actions).hasSizeGreaterThan(JOBS);
        assertThat(checked.violations).isZero();
        assertThat(r.jobs()).hasSize(JOBS);
        assertThat(r.avgJctS()).isPositive();
    }

    @Test
    void moreThanAHundredSchedulableStagesAreAllChoosable() {
        // 130 single-stage jobs: NetLLM's fixed 100-way head could not answer stages 100..129.
        int jobs = 130;
        CjsObservation obs = wide(jobs);
        var scheduler = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        CjsAction a = scheduler.decide(obs, SchedulerDraws.deterministic(3));
        assertThat(a.stage()).isBetween(0, jobs - 1);
        assertThat(a.executors()).isBetween(1, 7);
    }

    @Test
    void sampledDecodingSpansTheChoicesByTheEpisodesDraws() {
        var greedy = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        var sampled = greedy.withChoice(NetllmCjsScheduler.Choice.SAMPLED);
        CjsObservation obs = wide(130);
        // A draw near 0 takes the first stage and one executor, a draw near 1 the last stage and the most executors
        // allowed: the commit cap of 7, cut to the head's width of 6.
        assertThat(sampled.decide(obs, fixed(0.0))).isEqualTo(new CjsAction(0, 1));
        assertThat(sampled.decide(obs, fixed(1 - 1e-12))).isEqualTo(new CjsAction(129, EXECUTORS));
        // Greedy ignores the draws.
        assertThat(greedy.decide(obs, fixed(0.0))).isEqualTo(greedy.decide(obs, fixed(1 - 1e-12)));
        assertThat(sampled.withChoice(NetllmCjsScheduler.Choice.GREEDY).decide(obs, fixed(0.5)))
                .isEqualTo(greedy.decide(obs, fixed(0.5)));
    }

    @Test
    void aLowTemperatureSamplesTheGreedyPickAndAHighOneSpreadsEvenly() {
        var greedy = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager);
        CjsObservation obs = wide(130);
        var cold = greedy.withTemperature(1e-4);
        assertThat(cold.choice()).isEqualTo(NetllmCjsScheduler.Choice.SAMPLED);
        for (double u : new double[] {0.01, 0.3, 0.7, 0.99}) {
            // The greedy pick, or one whose score is as good up to the float noise of a pass: the tiny model gives
            // some of the 130 look-alike stages scores within 1e-5 of each other, which 1e-4 does not separate.
            NetllmCjsScheduler.Scored pick = cold.decideScored(new CjsRequest(obs, fixed(u), cold.start()));
            assertThat(pick.stageScores()[pick.action().stage()]).isCloseTo(max(pick.stageScores()),
                    org.assertj.core.data.Offset.offset(1e-3f));
            assertThat(pick.countScores()[pick.action().executors() - 1]).isCloseTo(max(pick.countScores()),
                    org.assertj.core.data.Offset.offset(1e-3f));
        }
        // Near-uniform over 130 stages: the draw's quantile picks the stage of about that rank.
        var hot = greedy.withTemperature(1e6);
        assertThat(hot.decide(obs, fixed(0.5)).stage()).isBetween(60, 69);
        assertThatThrownBy(() -> greedy.withTemperature(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float max(float[] scores) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : scores) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static SchedulerDraws fixed(double u) {
        return new SchedulerDraws() {
            @Override
            public double stageDraw() {
                return u;
            }

            @Override
            public double executorDraw() {
                return u;
            }

            @Override
            public double explorationDraw() {
                return u;
            }
        };
    }

    /** {@code jobs} single-stage jobs, 50 executors, 7 committable; only the last job has much work left. */
    private static CjsObservation wide(int jobs) {
        int[] jobIds = new int[jobs];
        int[] supplies = new int[jobs];
        int[] jobStart = new int[jobs + 1];
        int[] stageIds = new int[jobs];
        int[] remaining = new int[jobs];
        double[] durations = new double[jobs];
        int[] schedulable = new int[jobs];
        for (int j = 0; j < jobs; j++) {
            jobIds[j] = j;
            jobStart[j] = j;
            // Only the last job has much work left and only it is far from its cap.
            remaining[j] = j == jobs - 1 ? 200 : 1;
            durations[j] = 1000;
            schedulable[j] = j;
        }
        jobStart[jobs] = jobs;
        return new CjsObservation(3, 50, 7, -1, jobIds, supplies, jobStart, stageIds, remaining, durations,
                new int[0], new int[0], schedulable);
    }

    @Test
    void aCheckpointRoundTripDecidesIdentically() throws Exception {
        Path dir = tmp.resolve("model");
        trained.save(dir);
        var original = new Checked(new NetllmCjsScheduler("netllm", trained.model(),
                trained.config().conditioning(), manager));
        EpisodeResult before = CjsEpisode.play(validation(), CjsPoolFileTest.library(), original, false);
        try (NDManager other = NDManager.newBaseManager()) {
            var loaded = new Checked(CjsCheckpoint.load(dir, other).scheduler("netllm", other));
            EpisodeResult after = CjsEpisode.play(validation(), CjsPoolFileTest.library(), loaded, false);
            assertThat(loaded.actions).isEqualTo(original.actions);
            assertThat(after.avgJctS()).isEqualTo(before.avgJctS());
        }
        assertThat(CjsCheckpoint.readConfig(dir).conditioning().normalisation()).isEqualTo("job-time");
    }

    @Test
    void aCheckpointThatRecordsATemperatureSamplesAtItAndABadOneIsRefused() throws Exception {
        Path dir = tmp.resolve("tempered");
        trained.save(dir);
        Path json = dir.resolve(CjsCheckpoint.CONFIG);
        String greedy = Files.readString(json);
        assertThat(greedy).contains("\"decoding\" : \"greedy\"");
        Files.writeString(json, greedy.replace("\"decoding\" : \"greedy\"",
                "\"decoding\" : \"sampled\", \"temperature\" : 0.5"));
        try (NDManager other = NDManager.newBaseManager()) {
            NetllmCjsScheduler tempered = CjsCheckpoint.load(dir, other).scheduler("netllm", other);
            assertThat(tempered.choice()).isEqualTo(NetllmCjsScheduler.Choice.SAMPLED);
            assertThat(tempered.temperature()).isEqualTo(0.5);
        }
        for (String bad : new String[] {"\"decoding\" : \"greedy\", \"temperature\" : 0.5",
                "\"decoding\" : \"sampled\", \"temperature\" : -1"}) {
            Files.writeString(json, greedy.replace("\"decoding\" : \"greedy\"", bad));
            assertThatThrownBy(() -> CjsCheckpoint.readConfig(dir))
                    .isInstanceOf(org.netllm.adapt.AdapterLoadException.class)
                    .hasMessageContaining("needs \"decoding\": \"sampled\" and a positive finite value");
        }
    }

    @Test
    void theDecidedStepScoresAsInTrainingSinceItsActionComesLast() {
        CjsExperiencePool pool = CjsPoolFile.read(tmp.resolve("pool.nlcp"));
        List<org.netllm.controller.cjs.learned.CjsStep> window = CjsTrajectories.of(pool).episodes().get(0).subList(2, 5);
        var model = trained.model();
        try (NDManager scope = manager.newSubManager()) {
            var store = new ai.djl.training.ParameterStore(scope, false);
            var training = model.forward(store, org.netllm.controller.cjs.learned.CjsWindows.of(List.of(window),
                    model.settings(), false, scope).inputs(), false);
            var deciding = model.forward(store, org.netllm.controller.cjs.learned.CjsWindows.of(List.of(window),
                    model.settings(), true, scope).inputs(), false);
            float[] a = training.get(0).get(2).toFloatArray();
            float[] b = deciding.get(0).get(2).toFloatArray();
            assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(deciding.get(1).get(2).toFloatArray()).containsExactly(training.get(1).get(2).toFloatArray(),
                    org.assertj.core.data.Offset.offset(1e-4f));
            // and the context matters: another return-to-go at step 0 changes step 2's scores
            var changed = new java.util.ArrayList<>(window);
            var first = window.get(0);
            changed.set(0, new org.netllm.controller.cjs.learned.CjsStep(first.observation(),
                    first.action(), first.returnToGo() - 0.5));
            float[] c = model.forward(store, org.netllm.controller.cjs.learned.CjsWindows.of(List.of(changed),
                    model.settings(), true, scope).inputs(), false).get(0).get(2).toFloatArray();
            assertThat(c).isNotEqualTo(b);
        }
    }

    @Test
    void jobTimeReturnsIgnoreZeroRewardStepsWhereNetllmsCountEachAsOne() {
        CjsExperiencePool pool = CjsPoolFile.read(tmp.resolve("pool.nlcp"));
        var steps = pool.episodes().get(0).steps();
        int t = 0;
        while (steps.get(t).reward() != 0) {
            t++;
        }
        var jobTime = CjsTrajectories.of(pool);
        var netllm = CjsTrajectories.of(pool, "netllm");
        var a = jobTime.episodes().get(0);
        var b = netllm.episodes().get(0);
        assertThat(a.get(t).returnToGo()).isEqualTo(a.get(t + 1).returnToGo());
        assertThat((b.get(t).returnToGo() - b.get(t + 1).returnToGo()) * netllm.returnScale())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        double episodeJobTime = steps.stream().mapToDouble(CjsExperiencePool.Step::reward).sum();
        assertThat(a.get(0).returnToGo() * jobTime.returnScale()).isCloseTo(episodeJobTime,
                org.assertj.core.data.Offset.offset(1e-6 * Math.abs(episodeJobTime)));
    }

    @Test
    void validationFiguresDoNotDependOnHowManyEpisodesPlayAtOnce() {
        var scheduler = new NetllmCjsScheduler("netllm", trained.model(), trained.config().conditioning(), manager)
                .withTemperature(0.5);
        List<CjsEpisode.Setup> episodes = List.of(validation(),
                CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST + 1, JOBS, CjsSimulator.Config.of(EXECUTORS)),
                CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST + 2, JOBS, CjsSimulator.Config.of(EXECUTORS)));
        double one = CjsAdaptation.meanAvgJctS(scheduler, episodes, CjsPoolFileTest.library(), 1);
        double three = CjsAdaptation.meanAvgJctS(scheduler, episodes, CjsPoolFileTest.library(), 3);
        double bySum = episodes.stream().mapToDouble(e -> CjsEpisode.play(e, CjsPoolFileTest.library(), scheduler,
                false).avgJctS()).sum() / episodes.size();
        assertThat(three).isEqualTo(one).isPositive();
        assertThat(one).isCloseTo(bySum, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void checkpointsSelectedAtATemperatureAreScoredAndRecordedAtIt() throws Exception {
        // Keep-best then compares the weights as they will decide, and the saved model decides that way by default.
        CjsExperiencePool pool = CjsPoolFile.read(tmp.resolve("pool.nlcp"));
        var settings = new CjsAdaptationSettings("tiny", AdaptationMode.LORA, 4, 4, 2, 2, 1e-3,
                LearningRateDecay.CONSTANT, 1, List.of(), 11,
                org.netllm.controller.cjs.learned.CjsConditioning.JOB_TIME, List.of(), 1,
                org.netllm.controller.cjs.learned.CjsDecoding.sampled(0.5), 0);
        List<CjsEpisode.Setup> episodes = List.of(validation());
        CjsAdaptation.Result tempered = CjsAdaptation.run(pool, episodes, CjsPoolFileTest.library(), settings, false,
                manager);
        assertThat(tempered.config().decodingRule())
                .isEqualTo(org.netllm.controller.cjs.learned.CjsDecoding.sampled(0.5));
        Path dir = tmp.resolve("selected-tempered");
        tempered.save(dir);
        try (NDManager other = NDManager.newBaseManager()) {
            NetllmCjsScheduler loaded = CjsCheckpoint.load(dir, other).scheduler("netllm", other);
            assertThat(loaded.temperature()).isEqualTo(0.5);
            double replayed = CjsAdaptation.meanAvgJctS(loaded, episodes, CjsPoolFileTest.library(), 1);
            assertThat(tempered.keptMeanAvgJctS()).isEqualTo(replayed);
            assertThat(tempered.validations()).hasSize(2)
                    .anySatisfy(v -> assertThat(v[1]).isEqualTo(replayed));
        }
    }

    @Test
    void trainingLogsFiniteLossesAndValidatesAfterTheLastStep() {
        var losses = trained.training().losses();
        assertThat(losses).hasSize(3).allMatch(Double::isFinite);
        assertThat(trained.validations()).hasSize(1);
        assertThat(trained.validations().get(0)[1]).isPositive();
    }
}
