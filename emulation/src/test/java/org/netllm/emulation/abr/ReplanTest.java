package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;

class ReplanTest {

    private static final Video VIDEO = DataSets.envivio();

    @Test
    void theValueOfTheBestLevelIsItsPlanReplayedFromTheState() {
        Trace trace = DataSets.traces("fcc-valid", 3).get(2);
        for (int chunks : new int[] {1, 17, 40}) {
            AbrSimulator simulator = new AbrSimulator(trace, VIDEO, 5);
            int last = 0;
            for (int k = 0; k < chunks; k++) {
                last = k % 3;
                simulator.download(last);
            }
            AbrSimulator.State state = simulator.state();
            OfflineOptimal.Found found = OfflineOptimal.searchFrom(trace, VIDEO, state, last, VIDEO.chunkCount(),
                    Replan.DEFAULT_SETTINGS, OfflineOptimal.FirstLevels.BEAM_PER_LEVEL);
            double replayed = 0;
            int previous = last;
            for (int k = chunks; k < VIDEO.chunkCount(); k++) {
                int level = found.levels()[k];
                ChunkDownload d = simulator.download(level);
                replayed += QoeModel.LINEAR.chunkQoe(VIDEO.bitrateMbps(level), VIDEO.bitrateMbps(previous),
                        d.rebufferMs() / 1000.0);
                previous = level;
            }
            double[] values = Replan.REST_OF_SESSION.levelValues(trace, VIDEO, state, last);
            assertThat(values[AbrExpert.best(values)]).as("after %d chunks", chunks).isCloseTo(replayed, within(1e-9));
            assertThat(found.levels()[chunks]).isEqualTo(AbrExpert.best(values));
            for (double v : values) {
                assertThat(v).isFinite().isLessThanOrEqualTo(replayed);
            }
        }
    }

    @Test
    void replanningEveryChunkComesWithinTwoPercentOfTheOfflineOptimumAndBeatsRobustMpc() {
        List<Trace> traces = DataSets.traces("fcc-valid", 4);
        double replan = 0;
        double optimal = 0;
        double robust = 0;
        for (Trace trace : traces) {
            replan += new AbrEvaluation.Expert(Replan.REST_OF_SESSION).play(trace, VIDEO, 1, 0).qoe();
            optimal += OfflineOptimal.solve(trace, VIDEO, 1).result().qoe();
            robust += AbrSession.play(RobustMpc.PENSIEVE, trace, VIDEO, 1).qoe();
        }
        assertThat(replan).isGreaterThan(robust).isGreaterThan(0.98 * optimal);
    }

    @Test
    void aHorizonPlansOnlyThatManyChunks() {
        Trace trace = DataSets.traces("fcc-valid", 1).get(0);
        AbrSimulator simulator = new AbrSimulator(trace, VIDEO, 1);
        simulator.download(0);
        double[] one = new Replan(1, Replan.DEFAULT_SETTINGS).levelValues(trace, VIDEO, simulator.state(), 0);
        double[] oracle = new OracleMpc(1).levelValues(trace, VIDEO, simulator.state(), 0);
        assertThat(one).containsExactly(oracle, within(1e-12));
        assertThat(new Replan(3, Replan.DEFAULT_SETTINGS).name()).isEqualTo("replan:3");
        assertThat(Replan.REST_OF_SESSION.name()).isEqualTo("replan");
    }
}
