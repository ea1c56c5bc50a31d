package org.netllm.adapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;

class TrainingConfigTest {

    private static final TrainingConfig WARMUP_10_OF_110 = TrainingConfig.builder(110, 8).accumulation(1)
            .learningRate(1e-3).weightDecay(0).warmupSteps(10).clipNorm(0).seed(1).validateEvery(0).progress(false)
            .build();

    @Test
    void warmupRisesLinearlyToThePeak() {
        assertThat(WARMUP_10_OF_110.learningRateAt(0)).isCloseTo(1e-4, within(1e-12));
        assertThat(WARMUP_10_OF_110.learningRateAt(4)).isCloseTo(5e-4, within(1e-12));
        assertThat(WARMUP_10_OF_110.learningRateAt(9)).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void constantDecayKeepsThePeakAfterWarmup() {
        assertThat(WARMUP_10_OF_110.decay()).isEqualTo(LearningRateDecay.CONSTANT);
        assertThat(WARMUP_10_OF_110.learningRateAt(10)).isEqualTo(1e-3);
        assertThat(WARMUP_10_OF_110.learningRateAt(109)).isEqualTo(1e-3);
    }

    @Test
    void cosineDecayFallsFromThePeakToATenthAtTheLastStep() {
        TrainingConfig cosine = WARMUP_10_OF_110.withDecay(LearningRateDecay.COSINE);
        assertThat(cosine.learningRateAt(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(cosine.learningRateAt(109)).isCloseTo(1e-4, within(1e-12));
        // halfway through the decay the cosine is at the midpoint of peak and floor
        double half = cosine.learningRateAt(10 + 99 / 2) + cosine.learningRateAt(10 + 99 / 2 + 1);
        assertThat(half / 2).isCloseTo(5.5e-4, within(1e-5));
        for (int step = 11; step < 110; step++) {
            assertThat(cosine.learningRateAt(step)).isLessThan(cosine.learningRateAt(step - 1));
        }
    }
}
