package org.netllm.adaptation.abr.pensieve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netllm.adaptation.abr.LockstepSessions;
import org.netllm.adaptation.abr.TestData;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.pensieve.PensieveNetwork;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.controller.abr.pensieve.PensieveState;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SynthTrace;
import org.netllm.emulation.abr.Trace;

class GenetCurriculumTest {

    private static final GenetCurriculum.Settings SETTINGS = new GenetCurriculum.Settings(5, 3, 2, 0.3);

    @Test
    void sessionsStreamBaseTracesUntilASettingIsPromoted() {
        List<Trace> base = TestData.traces("fcc-train", 3);
        GenetCurriculum genet = new GenetCurriculum(base, TestData.envivio(), RobustMpc.PENSIEVE, SETTINGS);
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            assertThat(base).contains(genet.next(random));
        }
    }

    @Test
    void aPromotionAddsTheCandidateWhereTheBaselineLeadsTheActorByTheMost() {
        Video video = TestData.envivio();
        GenetCurriculum genet = new GenetCurriculum(TestData.traces("fcc-train", 3), video, RobustMpc.PENSIEVE,
                SETTINGS);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            PensieveNetwork actor = new PensieveNetwork(PensieveState.LEVELS);
            actor.initialize(manager, DataType.FLOAT32, new Shape(1, PensieveState.ROWS, PensieveState.HISTORY));
            PensievePolicy greedy = new PensievePolicy("p", actor, manager);
            assertThat(genet.afterUpdate(4, greedy, new Random(9))).isNull();
            assertThat(genet.promoted()).isEmpty();
            // the same draws, scored here: the promoted setting has the largest gap
            Random replay = new Random(9);
            double bestGap = Double.NEGATIVE_INFINITY;
            SynthTrace expected = null;
            for (int c = 0; c < SETTINGS.candidates(); c++) {
                SynthTrace candidate = GenetCurriculum.sample(replay);
                List<Trace> probe = candidate.generate(SETTINGS.probeTraces(), replay.nextLong());
                double baseline = probe.stream()
                        .mapToDouble(t -> AbrSession.play(RobustMpc.PENSIEVE, t, video, 1).qoe()).average().orElseThrow();
                double gap = baseline - LockstepSessions.meanQoe(LockstepSessions.play(probe, null, video,
                        (s, o) -> greedy.chooseLevels(o)));
                if (gap > bestGap) {
                    bestGap = gap;
                    expected = candidate;
                }
            }
            String note = genet.afterUpdate(5, greedy, new Random(9));
            assertThat(genet.promoted()).containsExactly(expected);
            assertThat(note).contains("gap to robust-mpc").contains("1 settings");
            assertThat(bestGap).isGreaterThan(0.0);
        }
    }

    @Test
    void sampledSettingsStayInsideTheSpace() {
        Random random = new Random(4);
        for (int i = 0; i < 500; i++) {
            SynthTrace s = GenetCurriculum.sample(random);
            assertThat(s.maxMbps()).isBetween(0.5, 10.0);
            assertThat(s.minMbps() / s.maxMbps()).isBetween(0.05, 0.6);
            assertThat(s.states()).isBetween(2, 12);
            assertThat(s.switchProbability()).isBetween(0.02, 0.5);
            assertThat(s.maxNoise()).isBetween(s.minNoise(), 0.3);
        }
    }
}
