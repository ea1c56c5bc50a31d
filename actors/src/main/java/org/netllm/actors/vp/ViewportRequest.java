package org.netllm.actors.vp;

/**
 * One viewer's request for its next orientations, as the batched VP policy receives it.
 *
 * @param history the last hw orientations, rows {@code [roll, pitch, yaw]}, oldest first
 * @param pw      how many future orientations to predict
 */
public record ViewportRequest(String sessionId, double[][] history, int pw) {
}
