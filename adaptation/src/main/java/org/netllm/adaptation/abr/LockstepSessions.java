package org.netllm.adaptation.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/**
 * Plays many test-mode sessions side by side, asking one batched decision per chunk for all of them, so that a
 * model policy decides every session's chunk k in one forward pass. Each session is the same as
 * {@code AbrSession.play} on its own trace would give.
 */
public final class LockstepSessions {

    private LockstepSessions() {
    }

    /** One session per trace from the given start pointers (null: all 1), in lockstep ({@link AbrSession#play}). */
    public static List<SessionResult> play(List<Trace> traces, int[] startPointers, Video video,
                                           AbrSession.BatchDecision policy) {
        List<AbrSimulator> simulators = new ArrayList<>(traces.size());
        for (int i = 0; i < traces.size(); i++) {
            simulators.add(new AbrSimulator(traces.get(i), video, startPointers == null ? 1 : startPointers[i]));
        }
        return AbrSession.play(simulators, video, policy);
    }

    /** Mean session QoE of the results. */
    public static double meanQoe(List<SessionResult> results) {
        return results.stream().mapToDouble(SessionResult::qoe).average().orElse(Double.NaN);
    }
}
