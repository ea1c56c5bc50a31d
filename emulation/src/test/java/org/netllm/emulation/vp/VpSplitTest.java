package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VpSplitTest {

    @Test
    void wu2017TrainingPartSharesNoVideoOrUserWithItsTestOrValidationPart() {
        VpSplit train = VpSplit.of(VpSplit.WU2017, VpSplit.Part.TRAIN);
        for (VpSplit.Part held : new VpSplit.Part[] {VpSplit.Part.TEST, VpSplit.Part.VALID}) {
            VpSplit other = VpSplit.of(VpSplit.WU2017, held);
            assertThat(train.videos()).doesNotContainAnyElementsOf(other.videos());
            assertThat(train.users()).doesNotContainAnyElementsOf(other.users());
        }
        // 48 users less 9 test, 9 validation and user 22 (a trace that steps back in time).
        assertThat(train.videos()).containsExactly(1, 4, 6, 7, 9);
        assertThat(train.users()).hasSize(29).doesNotContain(22);
    }
}
