package org.netllm.actors.abr;

import java.util.List;

/**
 * An immutable snapshot of one live session, published after every change for the API and the dashboard.
 *
 * @param nextChunk  the chunk the player fetches next ({@code chunkCount} once finished)
 * @param nextLevel  the level chosen for it, or -1 while a decision is pending or after the last chunk
 */
public record SessionView(String id, String policy, int[] bitratesKbps, double chunkSeconds, int chunkCount,
                          long startedAtEpochMs, List<ChunkRecord> chunks, QoeSummary qoe, int nextChunk,
                          int nextLevel, long fallbacks, long lateAnswersDropped, boolean finished) {

    public SessionView {
        chunks = List.copyOf(chunks);
    }
}
