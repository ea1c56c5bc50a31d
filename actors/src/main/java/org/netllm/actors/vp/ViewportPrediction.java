package org.netllm.actors.vp;

/**
 * A prediction made after sample {@code index}: the orientations at the next pw sample times.
 *
 * @param index        0-based position of the last sample it saw in the session
 * @param from         the time of the first predicted orientation (that sample's time + one period)
 * @param orientations pw rows {@code [roll, pitch, yaw]} in degrees, as the predictor answered them
 * @param decidedBy    {@code policy} or which fallback
 */
public record ViewportPrediction(int index, double from, double[][] orientations, String decidedBy,
                                 double decisionMs) {
}
