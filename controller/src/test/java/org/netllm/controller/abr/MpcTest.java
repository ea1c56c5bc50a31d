package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MpcTest {

    /** The reference: every sequence in lexicographic order, the last maximum wins. */
    static int naiveBestFirstLevel(AbrObservation observation, double estimate) {
        Video video = observation.video();
        int h = Math.min(MpcLookahead.HORIZON, observation.chunksLeft());
        int levels = video.levels();
        int[] kbps = video.bitratesKbps();
        int total = (int) Math.pow(levels, h);
        double best = Double.NEGATIVE_INFINITY;
        int bestFirst = -1;
        int[] combo = new int[h];
        for (int code = 0; code < total; code++) {
            int rest = code;
            for (int position = h - 1; position >= 0; position--) {
                combo[position] = rest % levels;
                rest /= levels;
            }
            double buffer = observation.bufferSeconds();
            double rebuffer = 0;
            long bitrateSum = 0;
            long smoothSum = 0;
            int last = observation.lastLevel();
            for (int position = 0; position < h; position++) {
                int level = combo[position];
                double download = video.chunkBytes(observation.nextChunk() + position, level) / 1e6 / estimate;
                rebuffer += Math.max(download - buffer, 0.0);
                buffer = Math.max(buffer - download, 0.0) + video.chunkSeconds();
                bitrateSum += kbps[level];
                smoothSum += Math.abs(kbps[level] - kbps[last]);
                last = level;
            }
            double score = bitrateSum / 1000.0 - 4.3 * rebuffer - smoothSum / 1000.0;
            if (score >= best) {
                best = score;
                bestFirst = combo[0];
            }
        }
        return bestFirst;
    }

    @Test
    void aTieGoesToTheLexicographicallyLaterPlan() {
        // One chunk left, 0.5 MB/s, 2 s of buffer: level 0 scores 1 - 0 - 0, level 1 scores 2 - 0 - 1, level 2
        // scores 3 - 4.3 * 1 - 2. Levels 0 and 1 tie at 1.0; the later one is played.
        Video video = Observations.uniformVideo(new int[] {1000, 2000, 3000},
                new long[] {500_000, 1_000_000, 1_500_000}, 2);
        var history = Observations.history(new long[] {500_000}, new double[] {1000.0}, 0, 2000.0);
        assertThat(Mpc.PENSIEVE.chooseLevel(AbrObservation.after(history, video))).isEqualTo(1);
    }

    @Test
    void equalLadderStepsMakeEveryPlanTieAndTheLastOneWins() {
        Video video = Observations.uniformVideo(new int[] {1000, 1000, 1000}, new long[] {1000, 1000, 1000}, 10);
        var history = Observations.historyOfThroughputs(new double[] {1.0}, 0, 30_000.0);
        assertThat(Mpc.PENSIEVE.chooseLevel(AbrObservation.after(history, video))).isEqualTo(2);
    }

    @Test
    void plansAroundRebufferingOnASlowLink() {
        // Envivio-sized chunks at 0.1 MB/s with 3 s of buffer: anything above 300 kbps stalls for seconds.
        Video video = Observations.uniformVideo(Observations.ENVIVIO_KBPS,
                new long[] {150_000, 375_000, 600_000, 925_000, 1_425_000, 2_150_000}, 48);
        var history = Observations.historyOfThroughputs(new double[] {0.1, 0.1, 0.1}, 0, 3000.0);
        assertThat(Mpc.PENSIEVE.chooseLevel(AbrObservation.after(history, video))).isZero();
        var fast = Observations.historyOfThroughputs(new double[] {2.0, 2.0, 2.0}, 0, 3000.0);
        assertThat(Mpc.PENSIEVE.chooseLevel(AbrObservation.after(fast, video))).isEqualTo(5);
    }

    @Test
    void theFastSearchEqualsFullEnumerationOnRandomObservations() {
        SplittableRandom random = new SplittableRandom(20240501);
        int ties = 0;
        for (int trial = 0; trial < 3000; trial++) {
            AbrObservation observation = randomObservation(random);
            double estimate = HarmonicThroughput.estimateMBps(observation.history());
            int expected = naiveBestFirstLevel(observation, estimate);
            assertThat(Mpc.PENSIEVE.chooseLevel(observation)).as("trial %d", trial).isEqualTo(expected);
            double robust = RobustMpc.discountedEstimateMBps(observation.history());
            assertThat(RobustMpc.PENSIEVE.chooseLevel(observation)).as("robust trial %d", trial)
                    .isEqualTo(naiveBestFirstLevel(observation, robust));
            if (hasTie(observation, estimate)) {
                ties++;
            }
        }
        assertThat(ties).as("observations whose best plans tie").isGreaterThan(20);
    }

    /** Whether another plan than the winner reaches the best score (so the tie rule decides). */
    private static boolean hasTie(AbrObservation observation, double estimate) {
        Video video = observation.video();
        int h = Math.min(MpcLookahead.HORIZON, observation.chunksLeft());
        double[][] seconds = MpcLookahead.downloadSeconds(observation, estimate, h);
        int levels = video.levels();
        double best = Double.NEGATIVE_INFINITY;
        int count = 0;
        int[] combo = new int[h];
        for (int code = 0; code < Math.pow(levels, h); code++) {
            int rest = code;
            for (int p = h - 1; p >= 0; p--) {
                combo[p] = rest % levels;
                rest /= levels;
            }
            double buffer = observation.bufferSeconds();
            double rebuffer = 0;
            long b = 0;
            long s = 0;
            int last = observation.lastLevel();
            for (int p = 0; p < h; p++) {
                rebuffer += Math.max(seconds[p][combo[p]] - buffer, 0.0);
                buffer = Math.max(buffer - seconds[p][combo[p]], 0.0) + video.chunkSeconds();
                b += video.bitratesKbps()[combo[p]];
                s += Math.abs(video.bitratesKbps()[combo[p]] - video.bitratesKbps()[last]);
                last = combo[p];
            }
            double score = MpcLookahead.score(b, rebuffer, s, QoeModel.LINEAR);
            if (score > best) {
                best = score;
                count = 1;
            } else if (score == best) {
                count++;
            }
        }
        return count > 1;
    }

    /**
     * Random ladders (half of them on a coarse grid, where equal scores are common), random sizes, buffers,
     * throughput histories and positions, near the end of the video too.
     */
    static AbrObservation randomObservation(SplittableRandom random) {
        int levels = 2 + random.nextInt(5);
        boolean coarse = random.nextBoolean();
        int[] kbps = new int[levels];
        int rate = coarse ? 500 : 200 + random.nextInt(300);
        for (int level = 0; level < levels; level++) {
            kbps[level] = rate;
            rate += coarse ? 500 * (1 + random.nextInt(2)) : 100 + random.nextInt(2000);
        }
        int chunks = 48;
        long[][] sizes = new long[levels][chunks];
        for (int level = 0; level < levels; level++) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                double factor = coarse ? 1.0 : 0.7 + 0.6 * random.nextDouble();
                sizes[level][chunk] = Math.round(kbps[level] * 500.0 * factor); // 4 s at the nominal rate
            }
        }
        Video video = new Video("random", kbps, sizes, 4.0);
        int downloaded = 1 + random.nextInt(chunks - 1);
        List<ChunkDownload> history = new ArrayList<>();
        for (int i = 0; i < downloaded; i++) {
            int level = random.nextInt(levels);
            double mbps = coarse ? 0.25 * (1 + random.nextInt(8)) : 0.05 + 2.0 * random.nextDouble();
            long bytes = sizes[level][i];
            double delayMs = bytes / mbps / 1000.0;
            double bufferMs = coarse ? 1000.0 * random.nextInt(30) : 60_000.0 * random.nextDouble();
            history.add(new ChunkDownload(i, level, bytes, delayMs, 0.0, bufferMs));
        }
        return AbrObservation.after(history, video);
    }
}
