package org.netllm.controller.abr.netllm;

import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;

/**
 * NetLLM's six ABR state features of one observation, in the order they become tokens and normalised as
 * Pensieve and NetLLM feed them.
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
}
