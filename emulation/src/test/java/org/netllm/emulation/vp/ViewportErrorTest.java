package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ViewportErrorTest {

    @Test
    void elementErrorTakesTheShorterWayAroundTheWrap() {
        assertThat(ViewportError.element(179, -179)).isCloseTo(2, within(1e-12));
        assertThat(ViewportError.element(-170, 170)).isCloseTo(20, within(1e-12));
        assertThat(ViewportError.element(10, 30)).isCloseTo(20, within(1e-12));
        // NetLLM's min over three candidates: a raw prediction two turns off is not folded further.
        assertThat(ViewportError.element(0, 800)).isCloseTo(440, within(1e-12));
    }

    @Test
    void orthodromicIsTheGreatCircleAngle() {
        assertThat(ViewportError.orthodromic(0, 0, 0, 90)).isCloseTo(90, within(1e-9));
        assertThat(ViewportError.orthodromic(0, 179, 0, -179)).isCloseTo(2, within(1e-9));
        // At the pole yaw does not matter.
        assertThat(ViewportError.orthodromic(90, 0, 90, 120)).isCloseTo(0, within(1e-9));
        assertThat(ViewportError.orthodromic(45, 0, -45, 0)).isCloseTo(90, within(1e-9));
        // A predicted pitch past the pole is read as the pole.
        assertThat(ViewportError.orthodromic(80, 0, 100, 0)).isCloseTo(10, within(1e-9));
    }

    @Test
    void sampleScorePoolsStepsAndAngles() {
        VpSample s = new VpSample("v/u", 1, 1, 30, new double[][] {{0, 0, 0}},
                new double[][] {{0, 0, 170}, {0, 10, -170}});
        SampleScore score = SampleScore.of(s, new double[][] {{3, 0, -170}, {0, 0, 170}});
        assertThat(score.angleMae()).containsExactly(1.5, 5.0, 20.0);
        assertThat(score.stepMae()[0]).isCloseTo(23 / 3.0, within(1e-12));
        assertThat(score.stepMae()[1]).isCloseTo(30 / 3.0, within(1e-12));
        assertThat(score.mae()).isCloseTo(53 / 6.0, within(1e-12));
    }
}
