package org.netllm.controller.vp.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistoryFeaturesTest {

    @Test
    void featuresAreOffsetsToTheLastSampleUnwrappedAcrossTheYawWrap() {
        double[][] h = {{0, 10, 170}, {0, 20, 179}, {0, 30, -175}};
        float[][] f = HistoryFeatures.of(h, 3);
        // yaw 170 → 179 → 185 (unwrapped): offsets −15, −6, 0 over 45°; steps 0, 9, 6 over 10°.
        assertThat(f[0][2]).isCloseTo(-15 / 45f, within(1e-6f));
        assertThat(f[1][2]).isCloseTo(-6 / 45f, within(1e-6f));
        assertThat(f[2][2]).isEqualTo(0f);
        assertThat(f[1][5]).isCloseTo(0.9f, within(1e-6f));
        assertThat(f[2][5]).isCloseTo(0.6f, within(1e-6f));
        assertThat(f[0][4]).isEqualTo(0f);
        assertThat(f[0][1]).isCloseTo(-20 / 45f, within(1e-6f));
        assertThat(f[2][7]).isCloseTo(30 / 90f, within(1e-6f));
        // Only the last hw rows are read.
        assertThat(HistoryFeatures.of(h, 2)[0][2]).isCloseTo(-6 / 45f, within(1e-6f));
    }

    @Test
    void targetsDecodeBackToTheFutureWithAnglesWrapped() {
        double[][] h = {{0, 0, 0}, {-175, 80, 178}};
        double[][] future = {{179, 85, -179}, {170, 89, -150}, {-170, 60, 175}};
        float[] t = HistoryFeatures.target(h, future);
        // Unwrapped along the future: yaw 178 → 181 → 210 → 175, so offsets 3, 32, −3.
        assertThat(t[2] * 180).isCloseTo(3, within(1e-4f));
        assertThat(t[5] * 180).isCloseTo(32, within(1e-4f));
        assertThat(t[8] * 180).isCloseTo(-3, within(1e-4f));
        double[][] back = HistoryFeatures.orientations(h, t, 3);
        for (int k = 0; k < 3; k++) {
            for (int a = 0; a < 3; a++) {
                assertThat(back[k][a]).as("step %d angle %d", k, a).isCloseTo(future[k][a], within(1e-3));
            }
        }
        // An answer past the pole is clamped, past ±180 wrapped.
        double[][] clamped = HistoryFeatures.orientations(h, new float[] {0.5f, 0.5f, 0.5f}, 1);
        assertThat(clamped[0]).containsExactly(-85, 90, -92);
    }
}
