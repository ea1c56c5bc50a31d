package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;

class VpSamplesTest {

    @Test
    void netllmTestSplitsGiveThePapersSampleCounts() {
        List<HeadTrace> jin = HeadTraceFiles.read(VpDataSets.dataset("Jin2022"),
                VpSplit.of("Jin2022", VpSplit.Part.TEST));
        List<HeadTrace> wu = HeadTraceFiles.read(VpDataSets.dataset("Wu2017"), VpSplit.of("Wu2017", VpSplit.Part.TEST));
        assertThat(jin).hasSize(6 * 21);
        assertThat(VpSamples.of(jin, 10, 20)).hasSize(1698);
        assertThat(VpSamples.of(wu, 10, 20)).hasSize(1395);
        // The trims are fixed, so a longer window predicts from the same anchors.
        assertThat(VpSamples.of(jin, 20, 30)).hasSize(1698);
    }

    @Test
    void anchorsStartAt30EveryFifteenWhileBelowLengthMinus60() {
        double[][] rows = new double[120][3];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i, 0, -i};
        }
        List<VpSample> samples = VpSamples.of(new HeadTrace(1, 2, Path.of("x"), rows), 10, 20);
        assertThat(samples).extracting(VpSample::anchor).containsExactly(30, 45);
        VpSample first = samples.get(0);
        assertThat(first.history()).hasNumberOfRows(10);
        assertThat(first.history()[0][0]).isEqualTo(20.0);
        assertThat(first.history()[9][0]).isEqualTo(29.0);
        assertThat(first.future()).hasNumberOfRows(20);
        assertThat(first.future()[0][0]).isEqualTo(30.0);
        assertThat(first.future()[19][2]).isEqualTo(-49.0);
        assertThat(first.trace()).isEqualTo("video1/user2");
    }

    @Test
    void windowsThatDoNotFitTheTrimsAreRefusedByOption() {
        assertThatThrownBy(() -> VpSamples.check(0, 20)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--hw 0");
        assertThatThrownBy(() -> VpSamples.check(10, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--pw -1");
        assertThatThrownBy(() -> VpSamples.check(31, 20)).hasMessageContaining("--hw 31 is too long");
        assertThatThrownBy(() -> VpSamples.check(10, 61)).hasMessageContaining("--pw 61 is too long");
    }
}
