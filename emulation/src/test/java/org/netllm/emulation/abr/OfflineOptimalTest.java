package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;

class OfflineOptimalTest {

    @Test
    void theBoundIsNeverBelowAnyClassicControllerOnAnyTrace() {
        Video video = DataSets.envivio();
        List<Trace> traces = new ArrayList<>();
        traces.addAll(DataSets.traces("fcc-test", 12));
        traces.addAll(DataSets.traces("synthetic-test", 8));
        traces.addAll(SynthTrace.WIDE.generate(6, 99));
        int improved = 0;
        for (Trace trace : traces) {
            for (int pointer : new int[] {1, trace.length() / 2}) {
                double optimal = OfflineOptimal.solve(trace, video, pointer).result().qoe();
                double bestClassic = Double.NEGATIVE_INFINITY;
                for (String name : AbrPolicies.NAMES) {
                    double qoe = AbrSession.play(AbrPolicies.byName(name).newSession(), trace, video, pointer).qoe();
                    assertThat(optimal).as("%s from %d against %s", trace.name(), pointer, name)
                            .isGreaterThanOrEqualTo(qoe);
                    bestClassic = Math.max(bestClassic, qoe);
                }
                if (optimal > bestClassic + 1e-9) {
                    improved++;
                }
            }
        }
        // The search must find better plans than the seeds it starts from, not merely keep them.
        assertThat(improved).isGreaterThan(traces.size());
    }

    @Test
    void theReportedQoeIsThePlanReplayedInTheSimulator() {
        Video video = DataSets.envivio();
        Trace trace = DataSets.traces("fcc-test", 3).get(2);
        OfflineOptimal.Plan plan = OfflineOptimal.solve(trace, video, 1);
        assertThat(plan.levels()).hasSize(48).startsWith(0);
        assertThat(OfflineOptimal.replay(plan.levels(), trace, video, 1).qoe()).isEqualTo(plan.result().qoe());
        assertThat(OfflineOptimal.levelsOf(plan.result())).containsExactly(plan.levels());
    }

    @Test
    void aWiderSearchFindsAtLeastAsMuchOnAverage() {
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces("fcc-test", 6);
        List<AbrPolicy> seeds = OfflineOptimal.DEFAULT_SEEDS;
        double narrow = 0;
        double wide = 0;
        for (Trace trace : traces) {
            narrow += OfflineOptimal.solve(trace, video, 1, seeds, new OfflineOptimal.Settings(1.0, 5)).result().qoe();
            wide += OfflineOptimal.solve(trace, video, 1, seeds, OfflineOptimal.DEFAULT_SETTINGS).result().qoe();
        }
        assertThat(wide).isGreaterThan(narrow);
    }
}
