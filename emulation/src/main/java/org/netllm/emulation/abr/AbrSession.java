package org.netllm.emulation.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * Plays whole videos through {@link AbrSimulator}s: chunk 0 at level 0 with no decision, then the policy chooses
 * every later chunk. The one session loop of the project: a single controller, or many sessions in lockstep whose
 * decisions are made together (one forward pass of a model per step).
 */
public final class AbrSession {

    /** Decides the next level of every session in the batch, in order; session indexes are stable. */
    @FunctionalInterface
    public interface BatchDecision {
        int[] chooseLevels(int[] sessions, List<AbrObservation> observations);
    }

    private AbrSession() {
    }

    /** One session under a controller. */
    public static SessionResult play(AbrController controller, AbrSimulator simulator, Video video) {
        return play(List.of(simulator), video,
                (sessions, observations) -> new int[] {controller.chooseLevel(observations.get(0))}).get(0);
    }

    /** A deterministic (test-mode) session on a trace from a start pointer. */
    public static SessionResult play(AbrController controller, Trace trace, Video video, int startPointer) {
        return play(controller, new AbrSimulator(trace, video, startPointer), video);
    }

    /**
     * Sessions in lockstep, scored with the linear QoE: every step, all sessions' observations are decided in one call.
     * Every session of a video has the same number of chunks, so all of them finish together.
     */
    public static List<SessionResult> play(List<AbrSimulator> simulators, Video video, BatchDecision policy) {
        int n = simulators.size();
        List<List<ChunkDownload>> chunks = new ArrayList<>(n);
        int[] sessions = new int[n];
        for (int i = 0; i < n; i++) {
            sessions[i] = i;
            List<ChunkDownload> history = new ArrayList<>(video.chunkCount());
            history.add(simulators.get(i).download(0));
            chunks.add(history);
        }
        while (!simulators.get(0).finished()) {
            List<AbrObservation> observations = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                observations.add(AbrObservation.after(chunks.get(i), video));
            }
            int[] levels = policy.chooseLevels(sessions.clone(), observations);
            for (int i = 0; i < n; i++) {
                if (levels[i] < 0 || levels[i] >= video.levels()) {
                    throw new IllegalStateException("policy answered level " + levels[i] + " outside 0.."
                            + video.topLevel());
                }
                chunks.get(i).add(simulators.get(i).download(levels[i]));
            }
        }
        List<SessionResult> results = new ArrayList<>(n);
        for (List<ChunkDownload> history : chunks) {
            results.add(SessionResult.score(history, video, QoeModel.LINEAR));
        }
        return results;
    }
}
