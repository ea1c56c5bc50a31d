package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.netllm.AbrImitationTask;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.AbrExpert;
import org.netllm.emulation.abr.AbrWorld;
import org.netllm.emulation.abr.OracleMpc;

class ExpertLabelsTest {

    private static final AbrWorld WORLD = AbrWorld.read(Path.of("../adaptation/recipes/abr-world.json"));
    private static final List<AbrWorld.Session> SESSIONS = WORLD.sessions(AbrWorld.SplitName.TRAIN, 6,
            TestData.traces("fcc-train", 104), TestData.envivio());
    private static final AbrImitationTask TASK = AbrImitationTask.of(8, AbrStateDefinition.LADDER_RELATIVE);
    private static final AbrExpert EXPERT = new OracleMpc(3);

    @Test
    void everyDecisionOfEverySessionIsLabelledAndTheExpertActsOnItsOwnChoice() {
        List<AbrPolicy> actors = Arrays.asList(null, RobustMpc.PENSIEVE);
        List<ExpertLabels.Example> one = ExpertLabels.collect(SESSIONS, actors, new AbrTeacher.Expert(EXPERT), TASK, 1, (d, t) -> { });
        List<ExpertLabels.Example> two = ExpertLabels.collect(SESSIONS, actors, new AbrTeacher.Expert(EXPERT), TASK, 2, (d, t) -> { });
        assertThat(one).hasSize(6 * 47);
        assertThat(two).extracting(ExpertLabels.Example::choice)
                .containsExactlyElementsOf(one.stream().map(ExpertLabels.Example::choice).toList());
        for (ExpertLabels.Example e : one) {
            assertThat(e.choice()).isEqualTo(AbrExpert.best(e.values()));
            assertThat(e.values()).hasSize(e.ladder());
            assertThat(e.arrays().get(4)).hasSize(8);
        }
        // Session 0 is acted by the expert: replaying its choices plays exactly the expert's own session.
        AbrWorld.Session s = SESSIONS.get(0);
        double expertQoe = new AbrEvaluation.Expert(EXPERT).play(s.link(), s.video(), s.startPointer(), 0).qoe();
        int[] levels = new int[48];
        for (int k = 0; k < 47; k++) {
            levels[k + 1] = one.get(k).choice();
        }
        assertThat(org.netllm.emulation.abr.OfflineOptimal.replay(levels, s.link(), s.video(), s.startPointer()).qoe())
                .isEqualTo(expertQoe);
    }

    @Test
    void aPolicyTeacherActingAloneLabelsEveryStateWithTheChoiceThatPlaysItsOwnSession() {
        AbrTeacher teacher = new AbrTeacher.Policy(RobustMpc.PENSIEVE);
        List<AbrPolicy> actors = Arrays.asList((AbrPolicy) null);
        List<ExpertLabels.Example> labels = ExpertLabels.collect(SESSIONS.subList(0, 2), actors, teacher, TASK, 1,
                (d, t) -> { });
        assertThat(labels).hasSize(2 * 47);
        // RobustMPC keeps state across a session: its labels, replayed, must play exactly its own session.
        AbrWorld.Session s = SESSIONS.get(0);
        double own = new AbrEvaluation.Online(RobustMpc.PENSIEVE).play(s.link(), s.video(), s.startPointer(), 0).qoe();
        int[] levels = new int[48];
        for (int k = 0; k < 47; k++) {
            ExpertLabels.Example e = labels.get(k);
            assertThat(e.values()[e.choice()]).isZero();
            assertThat(java.util.Arrays.stream(e.values()).filter(v -> v == AbrTeacher.NOT_CHOSEN).count())
                    .isEqualTo(e.ladder() - 1);
            levels[k + 1] = e.choice();
        }
        assertThat(org.netllm.emulation.abr.OfflineOptimal.replay(levels, s.link(), s.video(), s.startPointer()).qoe())
                .isEqualTo(own);
    }

    @Test
    void theSoftTargetIsASoftmaxOfTheValuesOverTheLadderOnly() {
        ExpertLabels.Example e = new ExpertLabels.Example(List.of(), 2, new double[] {1.0, 2.0, 3.0, 3.0 - Math.log(2)},
                4);
        float[] p = ExpertLabels.softTarget(e, 1.0, 8);
        // exp(-2) : exp(-1) : 1 : 1/2
        double z = Math.exp(-2) + Math.exp(-1) + 1 + 0.5;
        assertThat(p).hasSize(8);
        assertThat(p[2]).isCloseTo((float) (1 / z), within(1e-6f));
        assertThat(p[3]).isCloseTo((float) (0.5 / z), within(1e-6f));
        assertThat(p[4] + p[5] + p[6] + p[7]).isZero();
        float sharp = ExpertLabels.softTarget(e, 0.01, 8)[2];
        assertThat(sharp).isCloseTo(1f, within(1e-6f));
    }
}
