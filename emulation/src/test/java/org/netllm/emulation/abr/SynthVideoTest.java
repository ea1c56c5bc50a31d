package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.Video;

class SynthVideoTest {

    @Test
    void sizesScaleWithTheLadderWithinTheJitter() {
        Video base = DataSets.envivio();
        Video synthetic = SynthVideo.HIGH_BITRATE.generate(base, "synth", 1);
        assertThat(synthetic.chunkCount()).isEqualTo(48);
        assertThat(synthetic.bitratesKbps()).containsExactly(500, 1200, 2000, 3000, 4500, 7000);
        for (int level = 0; level < 6; level++) {
            double scale = (double) synthetic.bitratesKbps()[level] / base.bitratesKbps()[level];
            for (int chunk = 0; chunk < 48; chunk++) {
                double ratio = synthetic.chunkBytes(chunk, level) / (base.chunkBytes(chunk, level) * scale);
                assertThat(ratio).isBetween(0.95 - 1e-6, 1.05 + 1e-6);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameVideo() {
        Video base = DataSets.envivio();
        assertThat(SynthVideo.HIGH_BITRATE.generate(base, "a", 5).chunkBytes())
                .isDeepEqualTo(SynthVideo.HIGH_BITRATE.generate(base, "b", 5).chunkBytes())
                .isNotEqualTo(SynthVideo.HIGH_BITRATE.generate(base, "c", 6).chunkBytes());
    }

    @Test
    void aLadderOfAnotherLevelCountRescalesTheBaseLevelAtTheSameRelativePosition() {
        Video base = DataSets.envivio();
        Video four = new SynthVideo(new int[] {200, 900, 2500, 6000}, 0.0).generate(base, "four", 3);
        assertThat(four.levels()).isEqualTo(4);
        int[] baseLevel = {0, 2, 3, 5}; // round(L * 5 / 3)
        for (int level = 0; level < 4; level++) {
            double scale = (double) four.bitratesKbps()[level] / base.bitratesKbps()[baseLevel[level]];
            for (int chunk = 0; chunk < 48; chunk++) {
                assertThat((double) four.chunkBytes(chunk, level))
                        .isCloseTo(base.chunkBytes(chunk, baseLevel[level]) * scale, org.assertj.core.api.Assertions.within(0.51));
            }
        }
    }
}
