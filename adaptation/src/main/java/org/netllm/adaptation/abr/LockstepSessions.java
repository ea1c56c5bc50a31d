package org.netllm.adaptation.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/**
 * Plays many test-mode sessions side by side, asking one batched decision per chunk for all of them, so that a
 * model policy decides every session's chunk k in one forward pass. Each session is the same as
 * {@code AbrSession.play} on its own trace would give.
 */
public final class LockstepSessions {

    /** Decides the next level of every session in the batch, in order; session indexes are stable. */
    @FunctionalInterface
    public interface BatchDecision {
        int[] chooseLevels(int[] sessions, List<AbrObservation> observations);
    }

    private LockstepSessions() {
    }

    /** One session per trace from the given start pointers (null: all 1), scored with the linear QoE. */
    public static List<SessionResult> play(List<Trace> traces, int[] startPointers, Video video, BatchDecision policy) {
        int n = traces.size();
        List<AbrSimulator> simulators = new ArrayList<>(n);
        List<List<ChunkDownload>> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AbrSimulator simulator = new AbrSimulator(traces.get(i), video, startPointers == null ? 1 : startPointers[i]);
            simulators.add(simulator);
            List<ChunkDownload> history = new ArrayList<>(video.chunkCount());
            history.add(simulator.download(0));
            chunks.add(history);
        }
        // every session has the same number of chunks, so all of them finish together
        while (!simulators.get(0).finished()) {
            int[] sessions = new int[n];
            List<AbrObservation> observations = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sessions[i] = i;
                observations.add(AbrObservation.after(chunks.get(i), video));
            }
            int[] levels = policy.chooseLevels(sessions, observations);
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

    /** Mean session QoE of the results. */
    public static double meanQoe(List<SessionResult> results) {
        return results.stream().mapToDouble(SessionResult::qoe).average().orElse(Double.NaN);
    }
}
