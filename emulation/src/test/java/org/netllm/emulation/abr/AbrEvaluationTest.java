package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;

class AbrEvaluationTest {

    private static final List<AbrEvaluation.Contender> CONTENDERS = Stream.of("bba", "robust-mpc", "rate@eps=0.3",
            "optimal").map(AbrEvaluationTest::contender).toList();

    /** A classic policy or the offline bound (the registry that resolves every name lives in adaptation). */
    private static AbrEvaluation.Contender contender(String name) {
        return name.equals(AbrEvaluation.Contender.OPTIMAL) ? new AbrEvaluation.Optimal()
                : new AbrEvaluation.Online(AbrPolicies.byName(name));
    }

    @Test
    void resultsAreIdenticalWhateverTheThreadCount() {
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces("fcc-test", 6);
        int[] pointers = {1, 5, 9, 13, 17, 21};
        List<AbrEvaluation.Outcome> one = AbrEvaluation.run(CONTENDERS, traces, video, pointers, 1,
                AbrEvaluation.Progress.NONE);
        List<int[]> progress = new ArrayList<>();
        List<AbrEvaluation.Outcome> three = AbrEvaluation.run(CONTENDERS, traces, video, pointers, 3,
                (done, total) -> progress.add(new int[] {done, total}));
        assertThat(three).usingRecursiveFieldByFieldElementComparatorIgnoringFields("elapsedNanos").isEqualTo(one);
        assertThat(one).hasSize(24);
        assertThat(one.get(0).contender()).isEqualTo("bba");
        assertThat(one.get(7).contender()).isEqualTo("robust-mpc");
        assertThat(one.get(7).traceIndex()).isEqualTo(1);
        assertThat(one.get(7).startPointer()).isEqualTo(5);
        assertThat(progress).hasSize(24);
        assertThat(progress.get(23)).containsExactly(24, 24);
    }

    @Test
    void meanQoeMatchesThePublishedBaselinesOnFccTest() {
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces("fcc-test", 100);
        List<AbrEvaluation.Outcome> outcomes = AbrEvaluation.run(
                Stream.of("bba", "mpc", "robust-mpc").map(AbrEvaluationTest::contender).toList(), traces, video,
                null, 2, AbrEvaluation.Progress.NONE);
        // Reference values of Pensieve-semantics simulators on this test set (from pointer 1).
        assertThat(AbrEvaluation.meanQoe(outcomes, "bba")).isBetween(0.76, 0.80);
        assertThat(AbrEvaluation.meanQoe(outcomes, "mpc")).isBetween(0.80, 0.84);
        assertThat(AbrEvaluation.meanQoe(outcomes, "robust-mpc")).isBetween(1.03, 1.07);
    }

    @Test
    void aStartPointerCountThatDoesNotMatchIsAnInputError() {
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces("fcc-test", 2);
        assertThatThrownBy(() -> AbrEvaluation.run(CONTENDERS, traces, video, new int[] {1}, 1,
                AbrEvaluation.Progress.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 start pointers for 2 traces");
    }
}
