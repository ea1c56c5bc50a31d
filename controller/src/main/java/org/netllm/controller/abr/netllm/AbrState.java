package org.netllm.controller.abr.netllm;

import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * The six ABR state features of one observation, in the order they become tokens. {@link #of} normalises them as
 * Pensieve and NetLLM feed them (the units below); {@link #normalised} gives the same six tokens in ladder- and
 * link-free units (see there), {@link #sizesAsTimes} changes only the sizes, and {@link #ladderRelative} the sizes
 * and the throughputs.
 *
 * @param lastBitrate     the previous chunk's bitrate over the top bitrate
 * @param buffer          buffer seconds / 10
 * @param throughputs     the last {@link #HISTORY} throughput samples in MB/s, oldest first, zeros before chunk 0
 * @param downloadTimes   the last {@link #HISTORY} download times in seconds / 10, oldest first, zeros before chunk 0
 * @param nextChunkSizes  the next chunk's size at each level in MB (10^6 bytes), lowest level first
 * @param chunksLeft      chunks still to fetch, the next one included, / 48
 */
public record AbrState(float lastBitrate, float buffer, float[] throughputs, float[] downloadTimes,
                       float[] nextChunkSizes, float chunksLeft) {

    /** Past downloads the throughput and download-time series cover (Pensieve's S_LEN). */
    public static final int HISTORY = 6;
    /** Pensieve's BUFFER_NORM_FACTOR: seconds are divided by it. */
    public static final double SECONDS_NORM = 10.0;
    /** Pensieve's CHUNK_TIL_VIDEO_END_CAP. */
    public static final double CHUNKS_NORM = 48.0;

    /** The features of {@code observation}. */
    public static AbrState of(AbrObservation observation) {
        int[] ladder = observation.bitratesKbps();
        float lastBitrate = (float) ((double) ladder[observation.lastLevel()] / ladder[ladder.length - 1]);
        float buffer = (float) (observation.bufferSeconds() / SECONDS_NORM);
        float[] throughputs = new float[HISTORY];
        float[] downloadTimes = new float[HISTORY];
        List<ChunkDownload> history = observation.history();
        int available = Math.min(HISTORY, history.size());
        for (int i = 0; i < available; i++) {
            ChunkDownload d = history.get(history.size() - available + i);
            int slot = HISTORY - available + i;
            throughputs[slot] = (float) d.throughputMBps();
            downloadTimes[slot] = (float) (d.delayMs() / 1000.0 / SECONDS_NORM);
        }
        long[] sizes = observation.nextChunkSizes();
        float[] nextChunkSizes = new float[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            nextChunkSizes[i] = (float) (sizes[i] / 1e6);
        }
        float chunksLeft = (float) (observation.chunksLeft() / CHUNKS_NORM);
        return new AbrState(lastBitrate, buffer, throughputs, downloadTimes, nextChunkSizes, chunksLeft);
    }

    /** Samples in the throughput estimate of {@link #normalised} (MPC's harmonic mean of the last five). */
    public static final int ESTIMATE_SAMPLES = 5;
    /** Download times (in chunk durations) are capped here: beyond it every answer is "far too slow". */
    public static final double DOWNLOAD_CAP = 10.0;
    /** Throughput ladder positions are clipped to this range around [0, 1]. */
    public static final double POSITION_MIN = -3.0;
    public static final double POSITION_MAX = 4.0;

    /**
     * The same six tokens, in units that mean the same on any ladder and any link (the "normalised" state):
     * <ul>
     *   <li>last bitrate: the previous level as a fraction of the ladder, level / (levels - 1);</li>
     *   <li>buffer: in chunk durations, / 10 (Pensieve's 60 s cap of 4 s chunks is 1.5);</li>
     *   <li>throughputs: each sample's position on the ladder's log scale,
     *       log(kbps / lowest bitrate) / log(top / lowest): 0 at the lowest level, 1 at the top, clipped to
     *       [-3, 4]; slots before chunk 0 repeat the oldest sample, so a short history does not read as a slow link;</li>
     *   <li>download times: in chunk durations (1 means the download took as long as the chunk plays), capped at
     *       10; zeros before chunk 0 (a real download is never 0);</li>
     *   <li>next chunk sizes: each level's download time for the next chunk at the recent throughput estimate
     *       (harmonic mean of the last five samples), in chunk durations, capped at 10: the quantity a buffer-based
     *       decision weighs, whatever the ladder's bitrates or the link's range;</li>
     *   <li>chunks left: over the video's chunk count.</li>
     * </ul>
     */
    public static AbrState normalised(AbrObservation observation) {
        Video video = observation.video();
        int[] ladder = video.bitratesKbps();
        double chunkSeconds = video.chunkSeconds();
        float lastBitrate = (float) ((double) observation.lastLevel() / (ladder.length - 1));
        float buffer = (float) (observation.bufferSeconds() / chunkSeconds / 10.0);
        double lowest = ladder[0];
        double span = Math.log((double) ladder[ladder.length - 1] / lowest);
        List<ChunkDownload> history = observation.history();
        int available = Math.min(HISTORY, history.size());
        float[] throughputs = new float[HISTORY];
        float[] downloadTimes = new float[HISTORY];
        for (int i = 0; i < available; i++) {
            ChunkDownload d = history.get(history.size() - available + i);
            int slot = HISTORY - available + i;
            double kbps = d.throughputMBps() * 8000.0;
            double position = span > 0 ? Math.log(kbps / lowest) / span : 0.0;
            throughputs[slot] = (float) Math.max(POSITION_MIN, Math.min(POSITION_MAX, position));
            downloadTimes[slot] = (float) Math.min(DOWNLOAD_CAP, d.delayMs() / 1000.0 / chunkSeconds);
        }
        for (int slot = 0; slot < HISTORY - available; slot++) {
            throughputs[slot] = throughputs[HISTORY - available];
        }
        float chunksLeft = (float) ((double) observation.chunksLeft() / video.chunkCount());
        return new AbrState(lastBitrate, buffer, throughputs, downloadTimes, nextDownloadTimes(observation),
                chunksLeft);
    }

    /**
     * NetLLM's features ({@link #of}) except the next chunk's sizes, which become {@link #normalised}'s download
     * times at the recent throughput estimate: the one token whose absolute units put a higher ladder out of
     * distribution, changed alone so that the FCC-trained features keep their meaning.
     */
    public static AbrState sizesAsTimes(AbrObservation observation) {
        AbrState netllm = of(observation);
        return new AbrState(netllm.lastBitrate(), netllm.buffer(), netllm.throughputs(), netllm.downloadTimes(),
                nextDownloadTimes(observation), netllm.chunksLeft());
    }

    /**
     * {@link #sizesAsTimes} with the throughputs over the ladder's top bitrate (both in kbps) instead of in MB/s: on
     * one ladder a linear rescale of NetLLM's throughput token, which its embedding absorbs, and across ladders a
     * link read relative to what it has to carry. With the last bitrate already over the top one and the sizes as
     * download times, no token is left in units of the ladder or the link: a ladder and a link scaled together give
     * the same state, while the buffer and the download times keep NetLLM's seconds / 10.
     */
    public static AbrState ladderRelative(AbrObservation observation) {
        AbrState timed = sizesAsTimes(observation);
        int[] ladder = observation.bitratesKbps();
        double top = ladder[ladder.length - 1];
        float[] throughputs = new float[HISTORY];
        for (int i = 0; i < HISTORY; i++) {
            throughputs[i] = (float) (timed.throughputs()[i] * 8000.0 / top);
        }
        return new AbrState(timed.lastBitrate(), timed.buffer(), throughputs, timed.downloadTimes(),
                timed.nextChunkSizes(), timed.chunksLeft());
    }

    /** Each level's download time for the next chunk at the harmonic mean of the last five throughputs. */
    private static float[] nextDownloadTimes(AbrObservation observation) {
        List<ChunkDownload> history = observation.history();
        int samples = Math.min(ESTIMATE_SAMPLES, history.size());
        double inverseSum = 0;
        for (int i = history.size() - samples; i < history.size(); i++) {
            inverseSum += 1.0 / (history.get(i).throughputMBps() * 8000.0);
        }
        double estimateKbps = samples / inverseSum;
        double chunkSeconds = observation.video().chunkSeconds();
        long[] sizes = observation.nextChunkSizes();
        float[] nextDownloads = new float[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            double seconds = sizes[i] * 8.0 / 1000.0 / estimateKbps;
            nextDownloads[i] = (float) Math.min(DOWNLOAD_CAP, seconds / chunkSeconds);
        }
        return nextDownloads;
    }
}
