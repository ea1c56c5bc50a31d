package org.netllm.server.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.netllm.actors.abr.ChunkReport;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.Video;

/** The front door's share of a failover: the reports it keeps per session and the fallback it answers with. */
class AbrFailoverTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    private static final Video VIDEO = new Video("v", LADDER, sizes(48), 4.0);

    private static long[][] sizes(int chunks) {
        long[][] sizes = new long[LADDER.length][chunks];
        for (int level = 0; level < LADDER.length; level++) {
            java.util.Arrays.fill(sizes[level], LADDER[level] * 500L);
        }
        return sizes;
    }

    private static ChunkReport chunk(int index, double bufferSeconds) {
        return new ChunkReport(index, 1, 375_000, 0, 1000, bufferSeconds, 0);
    }

    @Test
    void keepsTheLastTenReportsOfASessionBeforeTheOneToAnswer() {
        AbrFailover door = new AbrFailover(Bba.PENSIEVE, VIDEO, Duration.ofMillis(100));
        for (int i = 0; i < 15; i++) {
            door.remember("s", chunk(i, 10));
        }
        assertThat(door.withKept("s", chunk(15, 10))).extracting(ChunkReport::index)
                .containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(door.withKept("other", chunk(3, 10))).extracting(ChunkReport::index).containsExactly(3);
        door.forget("s");
        assertThat(door.withKept("s", chunk(16, 10))).hasSize(1);
        assertThat(door.sessionTimeout()).isEqualTo(Duration.ofMillis(1100));
    }

    @Test
    void aReplayedEarlierChunkStartsTheKeptRunAgain() {
        AbrFailover door = new AbrFailover(Bba.PENSIEVE, VIDEO, Duration.ofMillis(100));
        door.remember("s", chunk(7, 10));
        door.remember("s", chunk(8, 10));
        door.remember("s", chunk(2, 10));
        assertThat(door.withKept("s", chunk(3, 10))).extracting(ChunkReport::index).containsExactly(2, 3);
    }

    @Test
    void answersWithBbaOverTheReportedBuffer() {
        AbrFailover door = new AbrFailover(Bba.PENSIEVE, VIDEO, Duration.ofMillis(100));
        // BBA (reservoir 5 s, cushion 10 s): an empty buffer fetches the lowest level, a full one the top.
        assertThat(door.fallbackLevel("s", chunk(3, 2))).isZero();
        assertThat(door.fallbackLevel("t", chunk(3, 30))).isEqualTo(VIDEO.topLevel());
        assertThat(door.last(chunk(47, 10))).isTrue();
        assertThat(door.last(chunk(46, 10))).isFalse();
    }
}
