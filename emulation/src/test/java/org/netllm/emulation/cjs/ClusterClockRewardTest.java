package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * An external cluster that replays a simulated episode's observations with the simulator's clock hears the
 * simulator's rewards: {@link ClusterClock#jobTimeSince} against {@link CjsSimulator#step} on Fair episodes.
 */
class ClusterClockRewardTest {

    /** One decision as the simulator played it, with the clock a cluster manager would have sent. */
    private record Step(CjsObservation observation, ClusterClock clock, double reward) {
    }

    private static List<Step> play(int jobs, int executors) {
        CjsEpisode.Setup setup = new CjsEpisode.Setup("jobs-104.csv",
                JobFiles.read(CjsData.jobFile("jobs-104.csv")).subList(0, jobs), CjsSimulator.Config.of(executors),
                new Randomness.Deterministic());
        CjsEpisode.Run run = CjsEpisode.start(setup, CjsData.library(), null);
        CjsScheduler fair = RoundRobin.fair();
        List<Step> steps = new ArrayList<>();
        Set<Integer> reported = new HashSet<>();
        while (!run.done()) {
            CjsObservation o = run.observe();
            ClusterClock clock = reported(run, o, reported);
            steps.add(new Step(o, clock, run.step(fair.decide(o, SchedulerDraws.deterministic(o.decision())))));
        }
        return steps;
    }

    /**
     * The clock of a cluster manager that knows its jobs' arrivals and completions: every completion since the
     * previous observation (jobs that came and went in between included; one can complete at the very time of the
     * previous observation, after it).
     */
    private static ClusterClock reported(CjsEpisode.Run run, CjsObservation o, Set<Integer> reported) {
        int[] ids = o.jobIds();
        double[] arrivals = new double[ids.length];
        for (int p = 0; p < ids.length; p++) {
            arrivals[p] = run.job(ids[p]).arrivalMs();
        }
        Map<Integer, Double> completed = new HashMap<>();
        for (int j = 0; j < run.jobCount(); j++) {
            if (Double.isFinite(run.completionMs(j)) && reported.add(j)) {
                completed.put(j, run.completionMs(j));
            }
        }
        return new ClusterClock(run.timeMs(), arrivals, completed);
    }

    @ParameterizedTest(name = "{0} jobs, N={1}")
    @CsvSource({"8, 10", "20, 50"})
    void aClusterReportingArrivalsAndCompletionsHearsEverySimulatorRewardExactly(int jobs, int executors) {
        List<Step> steps = play(jobs, executors);
        int advancing = 0;
        for (int k = 0; k + 1 < steps.size(); k++) {
            ClusterClock before = steps.get(k).clock();
            ClusterClock after = steps.get(k + 1).clock();
            assertThat(after.problemAfter(before)).isEmpty();
            double reward = -after.jobTimeSince(before, steps.get(k).observation().jobIds(),
                    steps.get(k + 1).observation().jobIds());
            assertThat(reward).as("decision %d", k).isEqualTo(steps.get(k).reward());
            if (reward != 0) {
                advancing++;
            }
        }
        // Most steps sit inside a round (reward 0); enough of them end one for the check to bite.
        assertThat(advancing).isGreaterThan(steps.size() / 10);
    }

    @ParameterizedTest(name = "{0} jobs, N={1}")
    @CsvSource({"8, 10, 130, 6", "20, 50, 376, 15"})
    void aBareClockCountsThePreviouslyListedJobsOverTheElapsedTime(int jobs, int executors, int decisions,
                                                                   int inexact) {
        List<Step> steps = play(jobs, executors);
        assertThat(steps).hasSize(decisions);
        int differ = 0;
        for (int k = 0; k + 1 < steps.size(); k++) {
            Step from = steps.get(k);
            Step to = steps.get(k + 1);
            ClusterClock before = ClusterClock.at(from.clock().timeMs(), from.observation().jobCount());
            ClusterClock after = ClusterClock.at(to.clock().timeMs(), to.observation().jobCount());
            double jobTime = after.jobTimeSince(before, from.observation().jobIds(), to.observation().jobIds());
            double elapsed = to.clock().timeMs() - from.clock().timeMs();
            assertThat(jobTime).isCloseTo(from.observation().jobCount() * elapsed, within(1e-6));
            if (-jobTime != from.reward()) {
                differ++;
            }
        }
        // Exact wherever the arrival or completion is what brought the next decision about; not where a job
        // arrived or completed while no decision was due.
        assertThat(differ).isEqualTo(inexact);
    }
}
