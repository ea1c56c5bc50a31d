package org.netllm.emulation.abr;

import java.util.List;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * One played session: every chunk downloaded, and its QoE over chunks 1..N-1 (chunk 0's start-up delay is
 * not charged, as in Pensieve and NetLLM).
 *
 * @param qoe             mean per-chunk QoE over chunks 1..N-1
 * @param bitrateMbps     mean bitrate over chunks 1..N-1
 * @param rebufferSeconds total stall time over chunks 1..N-1
 * @param smoothnessMbps  mean |bitrate change| over chunks 1..N-1
 */
public record SessionResult(List<ChunkDownload> chunks, double qoe, double bitrateMbps, double rebufferSeconds,
                            double smoothnessMbps) {

    public SessionResult {
        chunks = List.copyOf(chunks);
    }

    /** Scores downloads with the given QoE model. */
    public static SessionResult score(List<ChunkDownload> chunks, Video video, QoeModel model) {
        double qoe = 0;
        double bitrate = 0;
        double rebuffer = 0;
        double smooth = 0;
        int n = chunks.size() - 1;
        if (n < 1) {
            throw new IllegalArgumentException("a session needs at least 2 chunks to be scored");
        }
        for (int k = 1; k < chunks.size(); k++) {
            double b = video.bitrateMbps(chunks.get(k).level());
            double prev = video.bitrateMbps(chunks.get(k - 1).level());
            double r = chunks.get(k).rebufferMs() / 1000.0;
            qoe += model.chunkQoe(video, chunks.get(k - 1), chunks.get(k));
            bitrate += b;
            rebuffer += r;
            smooth += Math.abs(b - prev);
        }
        return new SessionResult(chunks, qoe / n, bitrate / n, rebuffer, smooth / n);
    }

    /** Per-chunk QoE of chunk {@code k} (k ≥ 1), the reward an RL agent receives for that decision. */
    public static double chunkReward(List<ChunkDownload> chunks, int k, Video video, QoeModel model) {
        return model.chunkQoe(video, chunks.get(k - 1), chunks.get(k));
    }
}
