package org.netllm.controller.abr;

import java.util.List;

/**
 * What an ABR controller sees before choosing the next chunk's level; built the same way by the
 * simulator and by a live streaming session.
 *
 * @param nextChunk      index of the chunk to choose a level for
 * @param lastLevel      level of the previous chunk
 * @param bufferSeconds  current buffer level
 * @param history        every chunk downloaded so far, oldest first (chunk 0 included)
 * @param video          the ladder and chunk sizes (the next chunk's sizes come from here)
 */
public record AbrObservation(int nextChunk, int lastLevel, double bufferSeconds, List<ChunkDownload> history,
                             Video video) {

    public AbrObservation {
        history = List.copyOf(history);
    }

    /** Sizes in bytes of the next chunk at every level. */
    public long[] nextChunkSizes() {
        return video.sizesOfChunk(nextChunk);
    }

    /** Chunks still to fetch, the next one included. */
    public int chunksLeft() {
        return video.chunkCount() - nextChunk;
    }

    public int[] bitratesKbps() {
        return video.bitratesKbps();
    }

    /** Builds the observation that follows a session's downloads so far. */
    public static AbrObservation after(List<ChunkDownload> history, Video video) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("an observation needs at least the first chunk's download");
        }
        ChunkDownload last = history.get(history.size() - 1);
        return new AbrObservation(last.index() + 1, last.level(), last.bufferMs() / 1000.0, history, video);
    }
}
