package org.netllm.actors.abr;

/**
 * A session's QoE so far, scored as the simulator scores a finished one: means over chunks 1..k (chunk 0's start-up
 * is not charged).
 *
 * @param qoe             mean per-chunk QoE
 * @param bitrateMbps     mean bitrate
 * @param rebufferSeconds total stall time
 * @param smoothnessMbps  mean |bitrate change|
 * @param chunksScored    chunks counted (chunks received minus one)
 */
public record QoeSummary(double qoe, double bitrateMbps, double rebufferSeconds, double smoothnessMbps,
                         int chunksScored) {

    public static final QoeSummary EMPTY = new QoeSummary(0, 0, 0, 0, 0);
}
