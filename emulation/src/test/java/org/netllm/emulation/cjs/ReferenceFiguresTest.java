package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.CjsSchedulers;

/**
 * The decisive check: in deterministic mode the four reference job files give the spec's average JCTs, makespans
 * and decision counts (the table in {@code ../shared/specs/cjs-simulator.md}) to 1e-9 relative.
 */
class ReferenceFiguresTest {

    /** file, N, scheduler, avg JCT (s), decisions, makespan (s) or NaN where the spec gives none. */
    static Stream<Arguments> figures() {
        return Stream.of(
                Arguments.of("jobs-101.csv", 50, "fifo", 70.9474810495, 3644, 5698.25375815),
                Arguments.of("jobs-101.csv", 50, "fair", 53.6964321663, 3756, 5698.18875815),
                Arguments.of("jobs-101.csv", 50, "decima", 46.403113835, 5626, 5697.33775815),
                Arguments.of("jobs-101.csv", 50, "decima-greedy", 51.4352924091, 3668, 5806.80357314),
                Arguments.of("jobs-102.csv", 50, "fifo", 201.287904096, 3343, Double.NaN),
                Arguments.of("jobs-102.csv", 50, "fair", 81.9433012596, 3427, Double.NaN),
                Arguments.of("jobs-102.csv", 50, "decima", 76.4712715725, 5065, Double.NaN),
                Arguments.of("jobs-102.csv", 50, "decima-greedy", 99.5737354139, 3377, Double.NaN),
                Arguments.of("jobs-103.csv", 50, "fifo", 87.3437417668, 3430, Double.NaN),
                Arguments.of("jobs-103.csv", 50, "fair", 60.0315033101, 3630, Double.NaN),
                Arguments.of("jobs-103.csv", 50, "decima", 55.142578426, 5306, Double.NaN),
                Arguments.of("jobs-103.csv", 50, "decima-greedy", 68.6279164878, 3454, Double.NaN),
                Arguments.of("jobs-104.csv", 10, "fifo", 1088.75324373, 774, 3248.80520249),
                Arguments.of("jobs-104.csv", 10, "fair", 864.250632336, 547, 3343.354),
                Arguments.of("jobs-104.csv", 10, "decima", 645.289200679, 656, 3155.92120249),
                Arguments.of("jobs-104.csv", 10, "decima-greedy", 460.889398191, 782, 3253.816));
    }

    @ParameterizedTest(name = "{0} N={1} {2}")
    @MethodSource("figures")
    void deterministicModeReproducesTheTabledFigures(String file, int executors, String name, double avgJct,
                                                     int decisions, double makespan) {
        CjsScheduler scheduler = new CjsSchedulers(CjsData.decimaWeights()).resolve(name);
        CjsEpisode.Setup setup = new CjsEpisode.Setup(file, JobFiles.read(CjsData.jobFile(file)),
                CjsSimulator.Config.of(executors), new Randomness.Deterministic());
        EpisodeResult r = CjsEpisode.play(setup, CjsData.library(), scheduler, false);
        // The spec tables 12 significant digits: 1e-9 relative is well above their rounding.
        assertThat(r.avgJctS()).isCloseTo(avgJct, within(avgJct * 1e-9));
        assertThat(r.decisions()).isEqualTo(decisions);
        if (!Double.isNaN(makespan)) {
            assertThat(r.makespanS()).isCloseTo(makespan, within(makespan * 1e-9));
        }
    }
}
