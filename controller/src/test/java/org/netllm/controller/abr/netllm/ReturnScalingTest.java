package org.netllm.controller.abr.netllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReturnScalingTest {

    @Test
    void rewardsAreMinMaxNormalisedOverThePool() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0, 1.0);
        assertThat(scaling.normalise(-2.0)).isEqualTo(0.0);
        assertThat(scaling.normalise(3.0)).isEqualTo(1.0);
        assertThat(scaling.normalise(0.5)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void rewardsOutsideThePoolsRangeAreClipped() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0, 1.0);
        assertThat(scaling.normalise(-500.0)).isEqualTo(0.0);
        assertThat(scaling.normalise(4.3)).isEqualTo(1.0);
    }

    @Test
    void returnsToGoAreSuffixSumsOfNormalisedRewardsOverTheScale() {
        ReturnScaling scaling = new ReturnScaling(-2.0, 3.0, 4.0);
        // normalised: 1.0, 0.0, 0.5, 0.8 -> suffix sums 2.3, 1.3, 1.3, 0.8 -> / 4
        float[] rtg = scaling.returnsToGo(new float[] {3f, -2f, 0.5f, 2f});
        assertThat(rtg).containsExactly(new float[] {0.575f, 0.325f, 0.325f, 0.2f}, within(1e-6f));
        assertThat(scaling.scaledReward(2.0)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void degenerateRangeIsRefused() {
        assertThatThrownBy(() -> new ReturnScaling(1.0, 1.0, 1.0)).hasMessageContaining("rewardMax > rewardMin");
    }
}
