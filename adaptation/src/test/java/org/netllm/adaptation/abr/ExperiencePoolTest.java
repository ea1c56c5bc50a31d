package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.ReturnScaling;

class ExperiencePoolTest {

    private static final Video VIDEO = TestData.envivio();

    private static Episode episode(float firstReward, float otherRewards) {
        List<ChunkDownload> downloads = new ArrayList<>();
        for (int k = 0; k < 48; k++) {
            downloads.add(new ChunkDownload(k, 0, VIDEO.chunkBytes(k, 0), 1000, 0, 4000));
        }
        float[] rewards = new float[47];
        Arrays.fill(rewards, otherRewards);
        rewards[0] = firstReward;
        return new Episode(0, 0, 1, downloads, rewards);
    }

    @Test
    void rewardsAreNormalisedOverThePoolAndReturnsScaledByTheBestSessionReturn() {
        // rewards span [-10, 2]: normalised 0 for -10, 1 for 2, 0.5 for -4
        ExperiencePool pool = new ExperiencePool(VIDEO, QoeModel.LINEAR, 1L, List.of("bba"), List.of("t"),
                List.of(episode(-10f, 2f), episode(-4f, -4f)));
        ReturnScaling scaling = pool.returnScaling();
        assertThat(scaling.rewardMin()).isEqualTo(-10.0);
        assertThat(scaling.rewardMax()).isEqualTo(2.0);
        // best session: 0 + 46 * 1 = 46; the other: 47 * 0.5 = 23.5
        assertThat(pool.bestReturn()).isCloseTo(46.0, within(1e-9));
        float[] rtg = scaling.returnsToGo(pool.episodes().get(1).rewards());
        assertThat(rtg[0]).isCloseTo(23.5f, within(1e-5f));
        assertThat(rtg[46]).isCloseTo(0.5f, within(1e-6f));
        assertThat(scaling.returnsToGo(pool.episodes().get(0).rewards())[0]).isCloseTo(46f, within(1e-5f));
    }

    @Test
    void rewardsBelowThePoolsFirstPercentileAreClipped() {
        // 3 x 47 = 141 rewards; the 1st percentile is the second smallest (index 1): -20
        ExperiencePool pool = new ExperiencePool(VIDEO, QoeModel.LINEAR, 1L, List.of("bba"), List.of("t"),
                List.of(episode(-500f, 2f), episode(-20f, 1f), episode(0f, 1f)));
        ReturnScaling scaling = pool.returnScaling();
        assertThat(scaling.rewardMin()).isEqualTo(-20.0);
        assertThat(scaling.rewardMax()).isEqualTo(2.0);
        assertThat(scaling.normalise(-500.0)).isEqualTo(0.0);
        assertThat(scaling.normalise(1.0)).isCloseTo(21.0 / 22.0, within(1e-12));
    }

    @Test
    void stepsAndSessionQoeComeFromTheEpisodes() {
        ExperiencePool pool = new ExperiencePool(VIDEO, QoeModel.LINEAR, 1L, List.of("bba"), List.of("t"),
                List.of(episode(-10f, 2f), episode(-4f, -4f)));
        assertThat(pool.stepCount()).isEqualTo(94);
        assertThat(pool.meanSessionQoe(0)).isCloseTo(((-10.0 + 46 * 2.0) / 47 + -4.0) / 2, within(1e-9));
    }
}
