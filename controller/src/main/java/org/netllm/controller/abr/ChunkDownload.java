package org.netllm.controller.abr;

/**
 * One downloaded chunk as the client measured it.
 *
 * @param index       chunk index in the video (0-based)
 * @param level       ladder level it was fetched at
 * @param bytes       size in bytes
 * @param delayMs     request-to-last-byte time in ms, round trip included
 * @param rebufferMs  stall time charged to this chunk, in ms
 * @param bufferMs    buffer level after the chunk arrived (and after any wait), in ms
 */
public record ChunkDownload(int index, int level, long bytes, double delayMs, double rebufferMs, double bufferMs) {

    /** Throughput sample in MB/s (bytes per ms / 1000), the round trip included, as MPC uses it. */
    public double throughputMBps() {
        return bytes / delayMs / 1000.0;
    }
}
