package org.netllm.controller.abr.netllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReturnScalingTest {

    @Test
    void rewardsAreMinMaxNormalisedOverThePool() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0);
        assertThat(scaling.normalise(-2.0)).isEqualTo(0.0);
        assertThat(scaling.normalise(3.0)).isEqualTo(1.0);
        assertThat(scaling.normalise(0.5)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void rewardsOutsideThePoolsRangeAreClipped() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0);
        assertThat(scaling.normalise(-500.0)).isEqualTo(0.0);
        assertThat(scaling.normalise(4.3)).isEqualTo(1.0);
    }

    @Test
    void returnsToGoAreSuffixSumsOfNormalisedRewards() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0);
        // normalised: 1.0, 0.0, 0.5, 0.8 -> suffix sums 2.3, 1.3, 1.3, 0.8
        float[] rtg = scaling.returnsToGo(new float[] {3f, -2f, 0.5f, 2f});
        assertThat(rtg).containsExactly(new float[] {2.3f, 1.3f, 1.3f, 0.8f}, within(1e-6f));
    }

    @Test
    void degenerateRangeIsRefused() {
        assertThatThrownBy(() -> new ReturnScaling(1.0, 1.0)).hasMessageContaining("rewardMax > rewardMin");
    }
}
