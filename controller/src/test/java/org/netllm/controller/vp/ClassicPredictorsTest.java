package org.netllm.controller.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;

class ClassicPredictorsTest {

    private static double[][] history(double[]... rows) {
        return rows;
    }

    @Test
    void lrExtendsTheLeastSquaresLineOfEachAngle() {
        // roll 0, 2, 4, 6 is a line; pitch 1, 1, 1, 5 fits y = 0.4 + 1.2·x... by least squares: slope 1.2, mean 2.
        double[][] h = history(new double[] {0, 1, 10}, new double[] {2, 1, 10}, new double[] {4, 1, 10},
                new double[] {6, 5, 10});
        double[][] p = new LinearRegression(YawHandling.RAW).predict(h, 2);
        assertThat(p[0][0]).isCloseTo(8, within(1e-12));
        assertThat(p[1][0]).isCloseTo(10, within(1e-12));
        // pitch: mean x 1.5, mean y 2, sxy = (−1.5)(−1)+(−.5)(−1)+(.5)(−1)+(1.5)(3) = 6, sxx = 5, slope 1.2.
        assertThat(p[0][1]).isCloseTo(2 + 1.2 * (4 - 1.5), within(1e-12));
        assertThat(p[1][2]).isCloseTo(10, within(1e-12));
    }

    @Test
    void velocityUsesTheFirstAndLastSampleOfItsOwnHistory() {
        double[][] h = history(new double[] {0, 0, 0}, new double[] {9, 0, 0}, new double[] {2, -4, 6});
        double[][] p = new Velocity(YawHandling.RAW).predict(h, 3);
        assertThat(p[0]).containsExactly(3, -6, 9);
        assertThat(p[2]).containsExactly(5, -10, 15);
    }

    @Test
    void unwrappedVariantsFitAcrossTheYawWrapAndAnswerWrappedAngles() {
        double[][] h = history(new double[] {0, 0, 170}, new double[] {0, 0, 175}, new double[] {0, 0, -180},
                new double[] {0, 0, -175});
        double[][] raw = new Velocity(YawHandling.RAW).predict(h, 1);
        double[][] unwrapped = new Velocity(YawHandling.UNWRAPPED).predict(h, 1);
        assertThat(raw[0][2]).isCloseTo(-175 + (-175 - 170) / 3.0, within(1e-9));
        assertThat(unwrapped[0][2]).isCloseTo(-170, within(1e-9));
        assertThat(new LinearRegression(YawHandling.UNWRAPPED).predict(h, 2)[1][2]).isCloseTo(-165, within(1e-9));
    }

    @Test
    void staticHoldsTheLastOrientation() {
        double[][] h = history(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertThat(new Static().predict(h, 2)).isDeepEqualTo(new double[][] {{4, 5, 6}, {4, 5, 6}});
    }

    @Test
    void anglesWrapIntoTheHalfOpenCircle() {
        assertThat(Angles.wrap(180)).isEqualTo(-180);
        assertThat(Angles.wrap(-190)).isEqualTo(170);
        assertThat(Angles.wrap(540.5)).isCloseTo(-179.5, within(1e-12));
        assertThat(Angles.difference(170, -170)).isCloseTo(20, within(1e-12));
    }

    @Test
    void theRegistryNamesEveryPredictorAndRefusesUnknownOnes() {
        for (String name : VpPredictors.CLASSIC) {
            assertThat(VpPredictors.byName(name, null).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> VpPredictors.byName("kalman", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown viewport predictor 'kalman'").hasMessageContaining("track:default");
        assertThatThrownBy(() -> VpPredictors.byName("netllm:/no/such/dir", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/no/such/dir does not exist");
        assertThatThrownBy(() -> VpPredictors.byName("track:", null)).hasMessageContaining("names no model");
    }
}
