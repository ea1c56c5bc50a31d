package org.netllm.actors.abr;

/**
 * A player's report of one completed media chunk, as the decision API receives it.
 *
 * @param index           chunk index (0-based)
 * @param level           ladder level it was fetched at
 * @param bytes           bytes received
 * @param requestStartMs  when the request was sent, in the player's clock (ms)
 * @param requestEndMs    when its last byte arrived, same clock
 * @param bufferSeconds   buffer level once the chunk was added
 * @param stallMs         playback stall time since the previous report
 */
public record ChunkReport(int index, int level, long bytes, double requestStartMs, double requestEndMs,
                          double bufferSeconds, double stallMs) {

    public double delayMs() {
        return requestEndMs - requestStartMs;
    }
}
