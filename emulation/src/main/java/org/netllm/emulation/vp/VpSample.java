package org.netllm.emulation.vp;

/**
 * One prediction problem: the hw samples before an anchor and the pw samples from it, rows {@code [roll, pitch,
 * yaw]} in degrees.
 *
 * @param trace   the trace's name ({@code videoN/userM})
 * @param video   its video
 * @param user    its user
 * @param anchor  index t of the first future sample
 * @param history samples {@code [t − hw, t)}
 * @param future  samples {@code [t, t + pw)}
 */
public record VpSample(String trace, int video, int user, int anchor, double[][] history, double[][] future) {
}
