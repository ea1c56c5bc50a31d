package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;
import org.netllm.errors.InvalidInputException;

class OracleMpcTest {

    private static final Video VIDEO = DataSets.envivio();

    @Test
    void valuesEqualAFullEnumerationOfTheFutureDownloads() {
        List<Trace> traces = new ArrayList<>(DataSets.traces("fcc-valid", 2));
        traces.addAll(DataSets.traces("synthetic-test", 2));
        int states = 0;
        for (Trace trace : traces) {
            // The states RobustMPC visits, every seventh, near the end too (where the horizon is cut short).
            SessionResult session = AbrSession.play(RobustMpc.PENSIEVE, trace, VIDEO, 3);
            AbrSimulator simulator = new AbrSimulator(trace, VIDEO, 3);
            for (ChunkDownload chunk : session.chunks()) {
                if (chunk.index() % 7 == 1 || chunk.index() == VIDEO.chunkCount() - 2) {
                    double[] values = new OracleMpc(3).levelValues(trace, VIDEO, simulator.state(), chunk.level());
                    for (int first = 0; first < VIDEO.levels(); first++) {
                        assertThat(values[first]).isCloseTo(enumerate(trace, simulator.state(), chunk.level(), first,
                                3), within(1e-9));
                    }
                    states++;
                }
                simulator.download(chunk.level());
            }
        }
        assertThat(states).isGreaterThan(20);
    }

    /** The best QoE sum over every sequence starting with {@code first}, without pruning. */
    private static double enumerate(Trace trace, AbrSimulator.State state, int lastLevel, int first, int horizon) {
        int h = Math.min(horizon, VIDEO.chunkCount() - state.nextChunk());
        int sequences = (int) Math.pow(VIDEO.levels(), h - 1);
        double best = Double.NEGATIVE_INFINITY;
        for (int code = 0; code < sequences; code++) {
            AbrSimulator simulator = new AbrSimulator(trace, VIDEO, 1);
            simulator.restore(state);
            int previous = lastLevel;
            int rest = code;
            double total = 0;
            for (int depth = 0; depth < h; depth++) {
                int level = depth == 0 ? first : rest % VIDEO.levels();
                if (depth > 0) {
                    rest /= VIDEO.levels();
                }
                ChunkDownload d = simulator.download(level);
                total += QoeModel.LINEAR.chunkQoe(VIDEO.bitrateMbps(level), VIDEO.bitrateMbps(previous),
                        d.rebufferMs() / 1000.0);
                previous = level;
            }
            best = Math.max(best, total);
        }
        return best;
    }

    @Test
    void seeingTheFutureBeatsRobustMpcOnTheSameTraces() {
        List<Trace> traces = DataSets.traces("fcc-valid", 8);
        double oracle = 0;
        double robust = 0;
        for (Trace trace : traces) {
            oracle += new AbrEvaluation.Expert(new OracleMpc(5)).play(trace, VIDEO, 1, 0).qoe();
            robust += AbrSession.play(RobustMpc.PENSIEVE, trace, VIDEO, 1).qoe();
        }
        assertThat(oracle / traces.size()).isGreaterThan(robust / traces.size() + 0.2);
    }

    @Test
    void asAControllerInAnotherTestModeSimulatorItPlaysTheSameSession() {
        Trace trace = DataSets.traces("synthetic-test", 1).get(0);
        AbrEvaluation.Expert expert = new AbrEvaluation.Expert(new OracleMpc(4));
        SessionResult played = expert.play(trace, VIDEO, 7, 0);
        AbrController controller = expert.controllerFor(trace, VIDEO, 7, 0);
        SessionResult controlled = AbrSession.play(controller, trace, VIDEO, 7);
        assertThat(OfflineOptimal.levelsOf(controlled)).containsExactly(OfflineOptimal.levelsOf(played));
        assertThat(controlled.qoe()).isEqualTo(played.qoe());
    }

    @Test
    void expertsAreNamedWithTheirHorizonAndBadHorizonsAreRefusedWithTheFix() {
        assertThat(AbrExpert.byName("oracle-mpc")).contains(new OracleMpc(5));
        assertThat(AbrExpert.byName(" oracle-mpc:3 ").orElseThrow().name()).isEqualTo("oracle-mpc:3");
        assertThat(AbrExpert.byName("replan")).contains(Replan.REST_OF_SESSION);
        assertThat(AbrExpert.byName("replan:12").orElseThrow().name()).isEqualTo("replan:12");
        assertThat(AbrExpert.byName("robust-mpc")).isEmpty();
        assertThatThrownBy(() -> AbrExpert.byName("oracle-mpc:9")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("from 1 to 8");
        assertThatThrownBy(() -> AbrExpert.byName("replan:x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x' is not a whole number").hasMessageContaining("replan:5");
    }
}
