package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.RoundRobin;

/** Hand-computed episodes on constructed one-stage and two-stage jobs. */
class CjsSimulatorTest {

    /** One stage of {@code tasks} tasks with single-value lists at key 5 (null: the list is missing). */
    private static StageTemplate stage(int tasks, double[] fresh, double[] first, double[] rest) {
        double[][] f = new double[6][];
        double[][] w = new double[6][];
        double[][] r = new double[6][];
        f[5] = fresh;
        w[5] = first;
        r[5] = rest;
        return new StageTemplate(tasks, 42.0, f, w, r, 5);
    }

    private static CjsSimulator sim(int executors, List<JobTemplate> templates, double... arrivals) {
        List<JobSpec> specs = new java.util.ArrayList<>();
        for (int j = 0; j < arrivals.length; j++) {
            specs.add(new JobSpec(j, arrivals[j], 1, "2g"));
        }
        CjsSimulator s = new CjsSimulator(new CjsSimulator.Config(executors, 2000, 1000), specs, templates,
                new TaskDraws.Deterministic());
        s.reset();
        return s;
    }

    @Test
    void oneExecutorMovesThenRunsAFreshTaskThenARestWaveTask() {
        JobTemplate job = new JobTemplate(1, "2g", new StageTemplate[] {
            stage(2, new double[] {100}, new double[] {300}, new double[] {50})}, new int[][] {{}}, new int[][] {{}});
        CjsSimulator s = sim(1, List.of(job), 0);
        CjsObservation obs = s.observe();
        assertThat(obs.schedulable()).containsExactly(0);
        assertThat(obs.committable()).isEqualTo(1);
        assertThat(obs.sourceJob()).isEqualTo(-1); // the common pool is the source
        assertThat(obs.recentDurationMs()).containsExactly(42.0);
        double reward = s.step(new CjsAction(0, 1));
        // 2,000 ms moving, 100 ms fresh task, 50 ms rest-wave task on the same stage.
        assertThat(s.done()).isTrue();
        assertThat(s.completion(0)).isEqualTo(2150.0);
        assertThat(reward).isEqualTo(-2150.0);
        assertThat(s.decisions()).isEqualTo(1);
    }

    @Test
    void anIdleExecutorWithoutFreshDurationsPaysTheWarmup() {
        JobTemplate job = new JobTemplate(1, "2g", new StageTemplate[] {
            stage(1, new double[0], new double[] {300}, null)}, new int[][] {{}}, new int[][] {{}});
        CjsSimulator s = sim(1, List.of(job), 0);
        s.step(new CjsAction(0, 1));
        assertThat(s.completion(0)).isEqualTo(2000 + 300 + 1000);
    }

    @Test
    void childStageRunsOnTheSameExecutorWithoutMovingAfterItWentIdle() {
        // Stage 0 → stage 1; after stage 0 the job's pool is the source and the child is scheduled there.
        JobTemplate job = new JobTemplate(1, "2g", new StageTemplate[] {
            stage(1, new double[] {100}, new double[] {300}, null),
            stage(1, new double[] {70}, new double[] {30}, null)}, new int[][] {{}, {0}}, new int[][] {{1}, {}});
        CjsSimulator s = sim(1, List.of(job), 0);
        assertThat(s.observe().schedulable()).containsExactly(0);
        assertThat(s.observe().edgeParents()).containsExactly(0);
        assertThat(s.observe().edgeChildren()).containsExactly(1);
        double r1 = s.step(new CjsAction(0, 1));
        CjsObservation second = s.observe();
        assertThat(second.decision()).isEqualTo(1);
        assertThat(second.sourceJob()).isZero();
        assertThat(second.nodeCount()).isEqualTo(1); // stage 0 completed
        assertThat(second.schedulable()).containsExactly(0);
        assertThat(r1).isEqualTo(-2100.0);
        double r2 = s.step(new CjsAction(0, 1));
        // Released with nowhere to go, the executor went idle (its last task cleared), so stage 1 uses fresh.
        assertThat(s.completion(0)).isEqualTo(2100 + 70);
        assertThat(r2).isEqualTo(-70.0);
    }

    @Test
    void fifoOnTwoJobsCapsTheSecondAtHalfTheCluster() {
        JobTemplate wide = new JobTemplate(1, "2g", new StageTemplate[] {
            stage(40, new double[] {1000}, new double[] {1000}, new double[] {1000})}, new int[][] {{}}, new int[][] {{}});
        CjsSimulator s = sim(10, List.of(wide, wide), 0, 0);
        CjsObservation obs = s.observe();
        assertThat(obs.jobCount()).isEqualTo(2);
        assertThat(obs.schedulable()).containsExactly(0, 1);
        CjsAction first = RoundRobin.fifo().decide(obs, null);
        assertThat(first).isEqualTo(new CjsAction(0, 5)); // cap ceil(10/2) = 5
        s.step(first);
        CjsObservation next = s.observe();
        assertThat(next.supplies()).containsExactly(5, 0);
        assertThat(next.committable()).isEqualTo(5);
        assertThat(next.schedulable()).containsExactly(1); // job 0's stage was chosen in this round
        assertThat(RoundRobin.fifo().decide(next, null)).isEqualTo(new CjsAction(0, 5));
    }

    @Test
    void anActionOutsideTheListIsRejected() {
        JobTemplate job = new JobTemplate(1, "2g", new StageTemplate[] {
            stage(1, new double[] {100}, null, null)}, new int[][] {{}}, new int[][] {{}});
        CjsSimulator s = sim(2, List.of(job), 0);
        assertThatThrownBy(() -> s.step(new CjsAction(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.step(new CjsAction(0, 3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalModeIsReproducibleAndIndependentOfThreads() {
        List<CjsEpisode.Setup> setups = List.of(CjsEpisode.generated(1, 40, CjsSimulator.Config.of(20)),
                CjsEpisode.generated(2, 40, CjsSimulator.Config.of(20)),
                CjsEpisode.generated(3, 40, CjsSimulator.Config.of(20)));
        List<EpisodeResult> one = CjsEvaluation.run(List.of(RoundRobin.fair()), setups, CjsData.library(), 1,
                CjsEvaluation.OccupancyRecording.NONE, (a, b) -> { });
        List<EpisodeResult> two = CjsEvaluation.run(List.of(RoundRobin.fair()), setups, CjsData.library(), 2,
                CjsEvaluation.OccupancyRecording.NONE, (a, b) -> { });
        for (int i = 0; i < setups.size(); i++) {
            assertThat(two.get(i).avgJctS()).isEqualTo(one.get(i).avgJctS());
            assertThat(two.get(i).decisions()).isEqualTo(one.get(i).decisions());
        }
        assertThat(one.get(0).avgJctS()).isNotEqualTo(one.get(1).avgJctS());
    }

    @Test
    void generatedEpisodesGiveEverySchedulerTheSameJobs() {
        CjsEpisode.Setup a = CjsEpisode.generated(9000, 200, CjsSimulator.Config.of(50));
        assertThat(a.jobs()).hasSize(200);
        assertThat(a.jobs().get(0).arrivalMs()).isZero();
        assertThat(CjsEpisode.generated(9000, 200, CjsSimulator.Config.of(30)).jobs()).isEqualTo(a.jobs());
    }

    @Test
    void seededRunsAverageCloseToDeterministicMode() {
        // The spec: FIFO and Fair land within 1 % of the mean of random runs; five runs leave some noise.
        List<JobSpec> jobs = JobFiles.read(CjsData.jobFile("jobs-101.csv"));
        double sum = 0;
        for (long seed = 1; seed <= 5; seed++) {
            sum += CjsEpisode.play(new CjsEpisode.Setup("jobs-101", jobs, CjsSimulator.Config.of(50),
                    new Randomness.Seeded(seed, 0)), CjsData.library(), RoundRobin.fair(), false).avgJctS();
        }
        assertThat(sum / 5).isCloseTo(53.6964321663, within(53.7 * 0.03));
    }
}
