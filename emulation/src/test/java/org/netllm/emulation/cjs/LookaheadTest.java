package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.Decima;
import org.netllm.controller.cjs.DecimaWeights;

/** The look-ahead teacher on small episodes. */
class LookaheadTest {

    private static final CjsSimulator.Config CLUSTER = CjsSimulator.Config.of(20);

    private static Decima decima() {
        return new Decima("decima", DecimaWeights.read(CjsData.decimaWeights()), Decima.Choice.SAMPLED);
    }

    /** A run of seed 7 (30 jobs) after 120 Decima decisions, at a decision with several schedulable stages. */
    private static CjsEpisode.Run midEpisode() {
        CjsEpisode.Run run = CjsEpisode.start(CjsEpisode.generatedSplit(7, 30, CLUSTER), CjsData.library(), null);
        Decima d = decima();
        int steps = 0;
        while (steps < 120 || run.observe().schedulable().length < 3) {
            CjsObservation obs = run.observe();
            run.step(d.decide(obs, run.draws(obs)));
            steps++;
        }
        return run;
    }

    @Test
    void candidatesAreDecimasOwnSampleThenItsMostProbableOtherActions() {
        CjsEpisode.Run run = midEpisode();
        CjsObservation obs = run.observe();
        Lookahead teacher = new Lookahead("t", decima(), new Lookahead.Settings(4, 10, 1));
        CjsAction sampled = decima().decide(obs, run.draws(obs));
        List<Lookahead.Candidate> c = teacher.candidates(obs, sampled);
        assertThat(c).hasSize(4);
        assertThat(c.get(0).action().stage()).isEqualTo(sampled.stage());
        assertThat(new HashSet<>(c.stream().map(Lookahead.Candidate::action).toList())).hasSize(4);
        for (int i = 2; i < c.size(); i++) {
            assertThat(c.get(i).probability()).isLessThanOrEqualTo(c.get(i - 1).probability());
        }
        // The most probable stage is among them, with its likeliest count.
        int top = Decima.argmax(decima().forward(obs).stageScores());
        assertThat(c.stream().anyMatch(x -> x.action().stage() == top)).isTrue();
        // With k = 1 the teacher is Decima's own sample.
        List<Lookahead.Candidate> one = new Lookahead("t", decima(), new Lookahead.Settings(1, 10, 1))
                .candidates(obs, sampled);
        assertThat(one).hasSize(1);
        assertThat(one.get(0).action().stage()).isEqualTo(sampled.stage());
    }

    @Test
    void aCostToTheEndIsTheRemainingJobTimeOfThatCandidatesFuture() {
        CjsEpisode.Run run = midEpisode();
        CjsObservation obs = run.observe();
        Lookahead teacher = new Lookahead("t", decima(), new Lookahead.Settings(2, Lookahead.TO_THE_END, 1));
        List<Lookahead.Candidate> candidates = teacher.candidates(obs, decima().decide(obs, run.draws(obs)));
        double[] costs = teacher.costs(run, obs, candidates);
        double now = run.timeMs();
        for (int c = 0; c < 2; c++) {
            // Replayed by hand: the candidate, then sampled Decima to the end, in future 0.
            CjsEpisode.Run future = run.branch(Lookahead.futureSeed(run, obs, 0, 0), Lookahead.futureSeed(run, obs, 0, 1));
            future.step(candidates.get(c).action());
            Decima d = decima();
            while (!future.done()) {
                CjsObservation o = future.observe();
                future.step(d.decide(o, future.draws(o)));
            }
            double expected = 0;
            for (int j = 0; j < future.jobCount(); j++) {
                if (!(run.completionMs(j) <= now)) {
                    expected += future.completionMs(j) - Math.max(future.job(j).arrivalMs(), now);
                }
            }
            assertThat(costs[c]).isCloseTo(expected, within(1e-6));
        }
        assertThat(costs[0]).isNotEqualTo(costs[1]);
        // To the end nothing is left to estimate: the terminal-estimate cost is the same number.
        assertThat(new Lookahead("t", decima(), new Lookahead.Settings(2, Lookahead.TO_THE_END, 1, Lookahead.Cost.REST))
                .costs(run, obs, candidates)).containsExactly(costs);
    }

    @Test
    void theTerminalEstimateChargesTheRunningJobsTheirRemainingWorkShortestFirst() {
        // Horizon 1: each future stops after the candidate's decision; the estimate carries the rest.
        CjsEpisode.Run run = midEpisode();
        CjsObservation obs = run.observe();
        Lookahead rest = new Lookahead("t", decima(), new Lookahead.Settings(2, 1, 1, Lookahead.Cost.REST));
        Lookahead window = new Lookahead("t", decima(), new Lookahead.Settings(2, 1, 1, Lookahead.Cost.WINDOW));
        List<Lookahead.Candidate> candidates = rest.candidates(obs, decima().decide(obs, run.draws(obs)));
        double[] withEstimate = rest.costs(run, obs, candidates);
        double[] windowOnly = window.costs(run, obs, candidates);
        for (int c = 0; c < 2; c++) {
            assertThat(withEstimate[c]).isGreaterThan(windowOnly[c]);
        }
    }

    @Test
    void planningLeavesTheEpisodeAsItFoundItAndAnswersTheCheapestCandidate() {
        CjsEpisode.Run run = midEpisode();
        CjsEpisode.Run untouched = run.copy();
        CjsObservation obs = run.observe();
        Lookahead teacher = new Lookahead("t", decima(), new Lookahead.Settings(3, 15, 2));
        CjsAction chosen = teacher.plan(run, obs, run.draws(obs), CjsMemory.NONE);
        // Three candidates, two futures each, the candidate's decision and 15 of Decima's per rollout.
        assertThat(teacher.spent().decisions()).isEqualTo(1);
        assertThat(teacher.spent().rolloutDecisions()).isEqualTo(3 * 2 * 16);
        List<Lookahead.Candidate> candidates = teacher.candidates(obs, decima().decide(obs, run.draws(obs)));
        double[] costs = teacher.costs(run, obs, candidates);
        int cheapest = 0;
        for (int c = 1; c < costs.length; c++) {
            cheapest = costs[c] < costs[cheapest] ? c : cheapest;
        }
        assertThat(chosen).isEqualTo(candidates.get(cheapest).action());
        Decima d = decima();
        for (CjsEpisode.Run r : List.of(run, untouched)) {
            while (!r.done()) {
                CjsObservation o = r.observe();
                r.step(d.decide(o, r.draws(o)));
            }
        }
        assertThat(run.result("a").avgJctS()).isEqualTo(untouched.result("a").avgJctS());
    }

    @Test
    void theTeacherPlaysAWholeEpisodeReproduciblyAndRefusesToDecideWithoutTheSimulator() {
        Lookahead teacher = new Lookahead("t", decima(), new Lookahead.Settings(2, 5, 1));
        CjsEpisode.Setup setup = CjsEpisode.generatedSplit(8, 8, CLUSTER);
        EpisodeResult a = CjsEpisode.play(setup, CjsData.library(), teacher, false);
        EpisodeResult b = CjsEpisode.play(setup, CjsData.library(), teacher, false);
        assertThat(a.avgJctS()).isEqualTo(b.avgJctS());
        assertThat(a.decisions()).isEqualTo(b.decisions());
        assertThatThrownBy(() -> teacher.decide(CjsEpisode.start(setup, CjsData.library(), null).observe(), null))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("cjs eval");
    }
}
