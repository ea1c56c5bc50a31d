package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.CjsSchedulers;
import org.netllm.controller.cjs.RoundRobin;

/** Copies of an episode in progress, split random streams, and the one-stream mode the committed figures used. */
class CjsEpisodeCopyTest {

    private static final CjsSimulator.Config CLUSTER = CjsSimulator.Config.of(20);

    private static CjsScheduler decima() {
        return new CjsSchedulers(CjsData.decimaWeights()).resolve("decima");
    }

    /** Plays {@code steps} decisions (or to the end) with {@code scheduler}, which remembers nothing. */
    private static void advance(CjsEpisode.Run run, CjsScheduler scheduler, int steps) {
        for (int i = 0; i < steps && !run.done(); i++) {
            CjsObservation obs = run.observe();
            run.step(scheduler.decide(obs, run.draws(obs)));
        }
    }

    private static EpisodeResult finish(CjsEpisode.Run run, CjsScheduler scheduler) {
        advance(run, scheduler, Integer.MAX_VALUE);
        return run.result(scheduler.name());
    }

    private static void assertSameEpisode(EpisodeResult a, EpisodeResult b) {
        assertThat(a.avgJctS()).isEqualTo(b.avgJctS());
        assertThat(a.decisions()).isEqualTo(b.decisions());
        assertThat(a.returnMs()).isEqualTo(b.returnMs());
        for (int j = 0; j < a.jobs().size(); j++) {
            assertThat(a.jobs().get(j).completionMs()).isEqualTo(b.jobs().get(j).completionMs());
        }
    }

    @Test
    void continuingACopyGivesTheEpisodeTheOriginalGives() {
        for (CjsEpisode.Setup setup : List.of(CjsEpisode.generatedSplit(3, 30, CLUSTER),
                new CjsEpisode.Setup("3", CjsEpisode.generated(3, 30, CLUSTER).jobs(), CLUSTER,
                        new Randomness.Deterministic()))) {
            CjsEpisode.Run run = CjsEpisode.start(setup, CjsData.library(), null);
            advance(run, decima(), 150);
            assertThat(run.done()).isFalse();
            CjsEpisode.Run copy = run.copy();
            EpisodeResult fromCopy = finish(copy, decima());
            EpisodeResult fromOriginal = finish(run, decima());
            assertSameEpisode(fromCopy, fromOriginal);
            // And both are the uninterrupted episode.
            assertSameEpisode(fromOriginal, CjsEpisode.play(setup, CjsData.library(), decima(), false));
        }
    }

    @Test
    void steppingACopyLeavesTheOriginalUntouched() {
        CjsEpisode.Setup setup = CjsEpisode.generatedSplit(4, 30, CLUSTER);
        CjsEpisode.Run run = CjsEpisode.start(setup, CjsData.library(), null);
        advance(run, decima(), 100);
        EpisodeResult fair = finish(run.copy(), RoundRobin.fair());
        EpisodeResult decima = finish(run, decima());
        assertThat(fair.avgJctS()).isNotEqualTo(decima.avgJctS());
        assertSameEpisode(decima, CjsEpisode.play(setup, CjsData.library(), decima(), false));
    }

    @Test
    void branchesWithOneWorldAndOneDecisionStreamAgreeAndOtherWorldsDiffer() {
        CjsEpisode.Run run = CjsEpisode.start(CjsEpisode.generated(5, 30, CLUSTER), CjsData.library(), null);
        advance(run, decima(), 100);
        EpisodeResult a = finish(run.branch(11, 12), decima());
        EpisodeResult b = finish(run.branch(11, 12), decima());
        EpisodeResult otherWorld = finish(run.branch(13, 12), decima());
        assertSameEpisode(a, b);
        assertThat(otherWorld.avgJctS()).isNotEqualTo(a.avgJctS());
    }

    @Test
    void aOneStreamEpisodeRefusesAnExactCopy() {
        CjsEpisode.Run run = CjsEpisode.start(CjsEpisode.generated(5, 10, CLUSTER), CjsData.library(), null);
        assertThatThrownBy(run::copy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Randomness.Split");
    }

    @Test
    void aTaskDrawsTheSameNumbersWhateverWasDrawnBeforeIt() {
        TaskDraws.Hashed world = new TaskDraws.Hashed(7);
        double key = world.keyDraw(12, 3);
        int element = world.element(12, 3, 40);
        for (int k = 0; k < 5; k++) {
            world.keyDraw(12, k);
            world.element(40, k, 9);
        }
        assertThat(world.keyDraw(12, 3)).isEqualTo(key);
        assertThat(world.element(12, 3, 40)).isEqualTo(element);
        assertThat(new TaskDraws.Hashed(8).keyDraw(12, 3)).isNotEqualTo(key);
    }

    @Test
    void splitStreamsKeepTheDurationsWhenOnlyTheDecisionSeedChanges() {
        // Fair draws nothing, so two decision seeds must give one episode; a different world gives another.
        List<org.netllm.emulation.cjs.JobSpec> jobs = CjsEpisode.generated(6, 30, CLUSTER).jobs();
        EpisodeResult one = CjsEpisode.play(new CjsEpisode.Setup("6", jobs, CLUSTER, new Randomness.Split(1, 2)),
                CjsData.library(), RoundRobin.fair(), false);
        EpisodeResult two = CjsEpisode.play(new CjsEpisode.Setup("6", jobs, CLUSTER, new Randomness.Split(1, 3)),
                CjsData.library(), RoundRobin.fair(), false);
        EpisodeResult world = CjsEpisode.play(new CjsEpisode.Setup("6", jobs, CLUSTER, new Randomness.Split(4, 2)),
                CjsData.library(), RoundRobin.fair(), false);
        assertSameEpisode(one, two);
        assertThat(world.avgJctS()).isNotEqualTo(one.avgJctS());
    }

    @Test
    void oneStreamModeStillGivesTheCommittedTestSeedFigure() {
        // README, "Three training seeds of the new recipe": Decima on test seed 9000 (200 jobs, 50 executors) 67.810 s.
        EpisodeResult r = CjsEpisode.play(CjsEpisode.generated(9000, 200, CjsSimulator.Config.of(50)),
                CjsData.library(), decima(), false);
        assertThat(r.avgJctS()).isCloseTo(67.810, within(0.0005));
    }
}
