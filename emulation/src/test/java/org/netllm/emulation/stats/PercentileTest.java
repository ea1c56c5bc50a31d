package org.netllm.emulation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentileTest {

    @Test
    void interpolatesLinearlyBetweenOrderStatisticsAsNumpyDoes() {
        double[] v = {1, 2, 3, 4};
        // numpy.percentile([1, 2, 3, 4], [0, 10, 50, 90, 99, 100]) = 1, 1.3, 2.5, 3.7, 3.97, 4
        assertThat(Percentile.ofSorted(v, 0)).isEqualTo(1.0);
        assertThat(Percentile.ofSorted(v, 0.1)).isCloseTo(1.3, within(1e-12));
        assertThat(Percentile.ofSorted(v, 0.5)).isEqualTo(2.5);
        assertThat(Percentile.ofSorted(v, 0.9)).isCloseTo(3.7, within(1e-12));
        assertThat(Percentile.ofSorted(v, 0.99)).isCloseTo(3.97, within(1e-12));
        assertThat(Percentile.ofSorted(v, 1)).isEqualTo(4.0);
    }

    @Test
    void aTailPercentileMovesWithTheTailNotInWholeSamples() {
        // 99 samples of 1 ms and one of 1001 ms: nearest rank said p99 = 1 ms; the interpolation sees the tail
        long[] nanos = new long[100];
        java.util.Arrays.fill(nanos, 1);
        nanos[42] = 1001;
        assertThat(Percentile.of(nanos, 0.99)).isCloseTo(1 + 0.01 * 1000, within(1e-9));
        assertThat(Percentile.of(nanos, 0.5)).isEqualTo(1.0);
    }

    @Test
    void unsortedInputIsSortedOnACopy() {
        double[] values = {4, 1, 3, 2};
        assertThat(Percentile.of(values, 0.5)).isEqualTo(2.5);
        assertThat(values).containsExactly(4, 1, 3, 2);
        assertThat(Percentile.of(new int[] {5, 1}, 0.25)).isEqualTo(2.0);
    }

    @Test
    void oneValueIsEveryPercentileAndNoValuesAreNaN() {
        assertThat(Percentile.ofSorted(new double[] {7}, 0.99)).isEqualTo(7.0);
        assertThat(Percentile.ofSorted(new double[0], 0.5)).isNaN();
    }

    @Test
    void aQuantileOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> Percentile.ofSorted(new double[] {1}, 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.99 for p99");
        assertThatThrownBy(() -> Percentile.ofSorted(new double[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
