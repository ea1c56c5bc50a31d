package org.netllm.controller.abr.pensieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.errors.InvalidInputException;

class PensieveStateTest {

    static final int[] ENVIVIO_KBPS = {300, 750, 1200, 1850, 2850, 4300};

    /** A 48-chunk video whose chunk k at level l is (l + 1) MB + k bytes. */
    static Video video(int[] kbps) {
        long[][] bytes = new long[kbps.length][48];
        for (int level = 0; level < kbps.length; level++) {
            for (int k = 0; k < 48; k++) {
                bytes[level][k] = (level + 1) * 1_000_000L + k;
            }
        }
        return new Video("test", kbps, bytes, 4.0);
    }

    /** {@code n} chunks, chunk i of 2 MB in (i + 1) s at level i % levels. */
    static List<ChunkDownload> history(int n, int levels) {
        List<ChunkDownload> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            h.add(new ChunkDownload(i, i % levels, 2_000_000L, 1000.0 * (i + 1), 0.0, 12_000.0));
        }
        return h;
    }

    @Test
    void stateHoldsPensievesRowsInItsUnitsWithTheNewestSampleLast() {
        Video v = video(ENVIVIO_KBPS);
        float[] s = PensieveState.of(AbrObservation.after(history(3, 6), v)); // last chunk 2 at level 2
        int w = PensieveState.HISTORY;
        assertThat(s).hasSize(PensieveState.ROWS * w);
        assertThat(s[w - 1]).isCloseTo(1200f / 4300f, within(1e-6f));
        assertThat(s[w + w - 1]).isCloseTo(1.2f, within(1e-6f)); // 12 s over 10 s
        // throughputs 2 MB over 1, 2, 3 s, right-aligned after five zeros
        assertThat(Arrays.copyOfRange(s, 2 * w, 3 * w)).containsExactly(0, 0, 0, 0, 0, 2f, 1f, 2f / 3f);
        assertThat(Arrays.copyOfRange(s, 3 * w, 4 * w)).containsExactly(0, 0, 0, 0, 0, 0.1f, 0.2f, 0.3f);
        // next chunk (3) at each level in MB, then two empty slots
        assertThat(s[4 * w]).isCloseTo(1.000003f, within(1e-6f));
        assertThat(s[4 * w + 5]).isCloseTo(6.000003f, within(1e-6f));
        assertThat(s[4 * w + 6]).isZero();
        assertThat(s[5 * w + w - 1]).isCloseTo(45f / 48f, within(1e-6f)); // chunks 3..47 left
    }

    @Test
    void historiesKeepOnlyTheLastEightChunks() {
        float[] s = PensieveState.of(AbrObservation.after(history(12, 6), video(ENVIVIO_KBPS)));
        int w = PensieveState.HISTORY;
        // chunks 4..11 took 5..12 s
        assertThat(s[3 * w]).isCloseTo(0.5f, within(1e-6f));
        assertThat(s[4 * w - 1]).isCloseTo(1.2f, within(1e-6f));
    }

    @Test
    void aLadderOfMoreThanSixLevelsIsRefusedNamingTheVideo() {
        Video seven = video(new int[] {200, 300, 750, 1200, 1850, 2850, 4300});
        assertThatThrownBy(() -> PensieveState.of(AbrObservation.after(history(2, 7), seven)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("video test has 7 levels")
                .hasMessageContaining("at most 6");
    }
}
