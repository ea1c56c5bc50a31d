package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpertLossTest {

    @Test
    void aLabelRowHoldsTheChoiceSoftTargetMaskAndClippedAdvantagesOfTheLadderOnly() {
        float[] soft = {0.1f, 0.2f, 0.7f, 0f};
        boolean[] valid = {true, true, true, false};
        float[] row = ExpertLoss.label(2, soft, valid, new double[] {3.0, -40.0, 5.5});
        assertThat(row).hasSize(1 + 3 * 4);
        assertThat(row[0]).isEqualTo(2f);
        assertThat(java.util.Arrays.copyOfRange(row, 1, 5)).containsExactly(soft);
        assertThat(java.util.Arrays.copyOfRange(row, 5, 9)).containsExactly(1f, 1f, 1f, 0f);
        // Advantages: value minus the best (5.5); a level far worse reads the floor; the padded level 0.
        assertThat(java.util.Arrays.copyOfRange(row, 9, 13))
                .containsExactly(-2.5f, (float) ExpertLoss.ADVANTAGE_FLOOR, 0f, 0f);
    }
}
