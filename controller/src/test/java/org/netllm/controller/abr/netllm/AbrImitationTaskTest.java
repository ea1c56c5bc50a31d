package org.netllm.controller.abr.netllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

class AbrImitationTaskTest {

    private static Video video(int[] ladder) {
        long[][] sizes = new long[ladder.length][48];
        for (int level = 0; level < ladder.length; level++) {
            for (int chunk = 0; chunk < 48; chunk++) {
                sizes[level][chunk] = ladder[level] * 500L;
            }
        }
        return new Video("test", ladder, sizes, 4.0);
    }

    @Test
    void aShorterLadderIsPaddedAsFarTooSlowAndMaskedOut() {
        AbrImitationTask task = AbrImitationTask.of(8, AbrStateDefinition.LADDER_RELATIVE);
        Video four = video(new int[] {300, 1000, 2500, 5000});
        List<ChunkDownload> history = List.of(new ChunkDownload(0, 0, 150_000, 500.0, 500.0, 4000.0),
                new ChunkDownload(1, 2, 1_250_000, 2000.0, 0.0, 6000.0));
        AbrObservation observation = AbrObservation.after(history, four);
        List<float[]> arrays = task.arrays(observation);
        float[] unpadded = AbrStateDefinition.LADDER_RELATIVE.features(observation).nextChunkSizes();
        assertThat(arrays).hasSize(6);
        assertThat(arrays.get(4)).hasSize(8).startsWith(unpadded)
                .endsWith((float) AbrState.DOWNLOAD_CAP, (float) AbrState.DOWNLOAD_CAP, (float) AbrState.DOWNLOAD_CAP,
                        (float) AbrState.DOWNLOAD_CAP);
        assertThat(task.valid(4)).containsExactly(true, true, true, true, false, false, false, false);
        assertThat(task.inputs()).isEqualTo(AbrTask.inputs(8));
        assertThatThrownBy(() -> task.arrays(AbrObservation.after(history, video(
                new int[] {100, 200, 300, 400, 500, 600, 700, 800, 900})))).hasMessageContaining("at most 8");
    }
}
