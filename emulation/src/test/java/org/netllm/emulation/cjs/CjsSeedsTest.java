package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CjsSeedsTest {

    @Test
    void testValidationAndTrainingSeedsArePairwiseDisjoint() {
        for (long s : CjsSeeds.test()) {
            assertThat(CjsSeeds.setOf(s)).isEqualTo("test");
            assertThat(CjsSeeds.isTraining(s)).isFalse();
        }
        for (long s : CjsSeeds.validation()) {
            assertThat(CjsSeeds.setOf(s)).isEqualTo("validation");
            assertThat(CjsSeeds.isTraining(s)).isFalse();
        }
        assertThat(CjsSeeds.test()).hasSize(20).doesNotContain(CjsSeeds.validation());
        assertThat(CjsSeeds.setOf(CjsSeeds.TRAINING_FIRST)).isEqualTo("training");
        assertThat(CjsSeeds.setOf(666)).isEqualTo("none");
    }
}
