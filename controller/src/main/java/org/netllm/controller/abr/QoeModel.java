package org.netllm.controller.abr;

/** The linear QoE of Pensieve/NetLLM: bitrate minus a rebuffering penalty minus the bitrate change. */
public record QoeModel(double rebufferPenaltyPerSecond, double smoothnessPenalty) {

    /** The penalties used by Pensieve, GENET and NetLLM (QoE_lin). */
    public static final QoeModel LINEAR = new QoeModel(4.3, 1.0);

    /** QoE of {@code chunk}, downloaded after {@code previous}, on {@code video}'s ladder: the reward of its decision. */
    public double chunkQoe(Video video, ChunkDownload previous, ChunkDownload chunk) {
        return chunkQoe(video.bitrateMbps(chunk.level()), video.bitrateMbps(previous.level()),
                chunk.rebufferMs() / 1000.0);
    }

    /** QoE of one chunk given its bitrate, the previous chunk's bitrate and its stall time. */
    public double chunkQoe(double bitrateMbps, double previousBitrateMbps, double rebufferSeconds) {
        return bitrateMbps - rebufferPenaltyPerSecond * rebufferSeconds
                - smoothnessPenalty * Math.abs(bitrateMbps - previousBitrateMbps);
    }
}
