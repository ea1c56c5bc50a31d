package org.netllm.player;

import java.util.List;
import java.util.Map;

/**
 * What the page saw during one headless playback.
 *
 * @param sessionId       the decision API's session
 * @param chunkLevels     level of every video chunk the player fetched, by chunk index
 * @param decisions       the level the controller chose for each chunk index (chunk 0: the session's first level)
 * @param playerQoe       QoE over the fetched chunks as the page scores it (keys qoe, bitrateMbps, rebufferSeconds,
 *                        smoothnessMbps, chunksScored)
 * @param totalStallMs    stall time the page observed (buffer-empty to buffer-loaded)
 * @param playedSeconds   the video element's current time at the end
 * @param errors          errors the page recorded (decision API or dash.js)
 * @param lostSessions    sessions the server stopped knowing (a restart, an expiry); after each the page carried on
 *                        in a new session, {@code sessionId} being the last
 */
public record PlaybackReport(String sessionId, Map<Integer, Integer> chunkLevels, Map<Integer, Integer> decisions,
                             Map<String, Double> playerQoe, double totalStallMs, double playedSeconds,
                             boolean finished, List<String> errors, List<String> lostSessions) {
}
