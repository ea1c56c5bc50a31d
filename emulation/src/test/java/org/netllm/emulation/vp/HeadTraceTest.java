package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeadTraceTest {

    @Test
    void mirrorImageNegatesRollAndYawKeepsPitchAndStaysInRange() {
        HeadTrace trace = new HeadTrace(1, 2, Path.of("t.csv"),
                new double[][] {{10, 20, 170}, {-180, -5, -180}, {0, 0, 0}});
        HeadTrace mirror = trace.mirrored();
        assertThat(mirror.orientations()).isDeepEqualTo(new double[][] {{-10, 20, -170}, {180, -5, 180}, {0, 0, 0}});
        // 0.0 - 0.0 is +0.0, so a mirrored still sample reads exactly like the original.
        assertThat(Double.doubleToRawLongBits(mirror.orientations()[2][2])).isZero();
        assertThat(mirror.name()).isEqualTo(trace.name());
        assertThat(trace.orientations()[0][0]).isEqualTo(10);
    }
}
