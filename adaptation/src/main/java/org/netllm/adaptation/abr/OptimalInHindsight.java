package org.netllm.adaptation.abr;

import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.OfflineOptimal;
import org.netllm.emulation.abr.Trace;

/**
 * The offline-optimal controller as an actor in an experience pool, named {@code optimal}: it plays the level
 * sequence {@link OfflineOptimal} finds for the episode's trace and start pointer without delay noise. Under the
 * training environment's noise that sequence is near-optimal rather than optimal: it is a plan, not a reaction.
 * Only the collector can run it, since it needs the trace. This class is threadsafe.
 */
public record OptimalInHindsight() implements AbrPolicy {

    public static final String NAME = "optimal";

    @Override
    public String name() {
        return NAME;
    }

    /** Refused: the plan depends on the trace, see {@link #controllerFor}. */
    @Override
    public AbrController newSession() {
        throw new UnsupportedOperationException("the offline optimum needs the trace in advance; only experience"
                + " collection and evaluation, which know it, can play it");
    }

    /** A controller replaying the optimal plan for this trace and start, chunk by chunk. */
    public AbrController controllerFor(Trace trace, Video video, int startPointer) {
        int[] levels = OfflineOptimal.solve(trace, video, startPointer).levels();
        return observation -> levels[observation.nextChunk()];
    }
}
