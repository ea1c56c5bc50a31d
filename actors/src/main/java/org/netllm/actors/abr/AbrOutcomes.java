package org.netllm.actors.abr;

import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.OutcomeHistogram;

/**
 * What ABR sessions achieve, as histograms beside their decision counters: each session's QoE when it ends, and
 * each scored chunk's stall and bitrate (the chunks the QoE scores: every one after the first).
 *
 * @param sessionQoe   {@code netllm_abr_session_qoe}: a session's mean QoE per chunk (Pensieve's linear QoE)
 * @param chunkStall   {@code netllm_abr_chunk_stall_seconds}: a chunk's rebuffering
 * @param chunkBitrate {@code netllm_abr_chunk_bitrate_kbps}: the bitrate of the level a chunk was fetched at
 */
record AbrOutcomes(OutcomeHistogram sessionQoe, OutcomeHistogram chunkStall, OutcomeHistogram chunkBitrate) {

    /** The server's ABR outcome histograms, in {@code metrics} (made there on first use). */
    static AbrOutcomes in(DecisionMetrics metrics) {
        return new AbrOutcomes(
                metrics.outcome("session_qoe", "Mean QoE per chunk of each ABR session that ended (finished or "
                        + "expired) with at least one scored chunk.", -2, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4,
                        4.5),
                metrics.outcome("chunk_stall_seconds", "Rebuffering of each scored chunk (0 for none).", 0, 0.1, 0.25,
                        0.5, 1, 2, 4, 8, 16),
                metrics.outcome("chunk_bitrate_kbps", "Bitrate of the level each scored chunk was fetched at.", 300,
                        500, 750, 1000, 1200, 1500, 1850, 2500, 2850, 4300, 6000, 8000, 12000, 20000));
    }
}
