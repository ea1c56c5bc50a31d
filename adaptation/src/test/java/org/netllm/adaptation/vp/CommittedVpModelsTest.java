package org.netllm.adaptation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.controller.vp.learned.TrackPredictor;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.emulation.vp.VpSplit;

/** The committed VP default and the TRACK trained on its data still predict as when they were selected. */
class CommittedVpModelsTest {

    /**
     * Video 3 of Jin2022's validation split (21 users, 294 samples). Expected: the mean per-sample MAE of these rows
     * in {@code results.csv} of {@code netllm vp eval --dataset Jin2022 --split valid --predictors
     * netllm:default,track:models/vp-track-mixed}, run when the models were committed.
     */
    private static List<VpSample> validationVideo3() {
        VpSplit valid = VpSplit.of(VpSplit.JIN2022, VpSplit.Part.VALID);
        return VpSamples.of(HeadTraceFiles.read(VpTestData.jin2022(),
                new VpSplit(VpSplit.JIN2022, VpSplit.Part.VALID, List.of(3), valid.users())), 10, 20);
    }

    @Test
    void theDefaultAdapterAndTheSameDataTrackScoreAsWhenCommittedOnAValidationVideo() {
        List<VpSample> samples = validationVideo3();
        assertThat(samples).hasSize(294);
        try (NetllmVpPredictor netllm = NetllmVpPredictor.load("netllm", Path.of("../models/vp-default"));
             TrackPredictor track = TrackPredictor.load("track", Path.of("../models/vp-track-mixed"))) {
            assertThat(VpEvaluation.score(netllm, samples, 20).mae()).isCloseTo(7.011755168, within(1e-6));
            assertThat(VpEvaluation.score(track, samples, 20).mae()).isCloseTo(6.940803024, within(1e-6));
        }
    }
}
