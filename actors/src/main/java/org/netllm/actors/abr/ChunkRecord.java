package org.netllm.actors.abr;

/**
 * One chunk of a live session as the server saw it: the player's measurements and the decision behind its level.
 *
 * @param level              the level the player fetched it at
 * @param chosenLevel        the level the session answered for it (the player should have fetched that one)
 * @param decidedBy          who chose this chunk's level: {@code initial} for chunk 0, else a decision source
 * @param decisionLatencyMs  time from the previous chunk's report to the answer that chose this level
 * @param qoe                this chunk's QoE term (0 for chunk 0)
 */
public record ChunkRecord(int index, int level, int chosenLevel, long bytes, double delayMs, double rebufferMs, double bufferMs,
                          double throughputMbps, String decidedBy, double decisionLatencyMs, double qoe) {
}
