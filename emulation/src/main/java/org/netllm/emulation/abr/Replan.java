package org.netllm.emulation.abr;

import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.OfflineOptimal.FirstLevels;

/**
 * The offline optimum re-solved at every decision from the session's exact simulator state: the dynamic programme of
 * {@link OfflineOptimal} over the next {@code horizon} chunks (or the rest of the session), with one beam per level
 * of the next chunk so that each level's value is the best total QoE_lin found for plans starting with it. Unlike
 * {@code optimal}, which replays one plan made at the start, it answers from any state, including those a learner
 * reaches after its own mistakes. Pure and threadsafe.
 *
 * @param horizon  how many chunks it plans, the next one included ({@link Integer#MAX_VALUE}: the rest of the
 *                 session)
 * @param settings the search's trace-clock buckets and its beam per first level
 */
public record Replan(int horizon, OfflineOptimal.Settings settings) implements AbrExpert {

    public static final String NAME = "replan";

    /**
     * 1 s buckets and 50 states per first level: six beams of 50 cost about as much as the offline optimum's one
     * of 300 (see docs/results/abr.md for its cost per decision and QoE against wider beams).
     */
    public static final OfflineOptimal.Settings DEFAULT_SETTINGS = new OfflineOptimal.Settings(1.0, 50);

    /** Plans to the end of the session at every decision. */
    public static final Replan REST_OF_SESSION = new Replan(Integer.MAX_VALUE, DEFAULT_SETTINGS);

    public Replan {
        if (horizon < 1) {
            throw new IllegalArgumentException("replan horizon must be at least 1 chunk, got " + horizon);
        }
    }

    @Override
    public String name() {
        return horizon == Integer.MAX_VALUE ? NAME : NAME + ":" + horizon;
    }

    @Override
    public double[] levelValues(Trace trace, Video video, AbrSimulator.State state, int lastLevel) {
        int end = (int) Math.min((long) state.nextChunk() + horizon, video.chunkCount());
        return OfflineOptimal.searchFrom(trace, video, state, lastLevel, end, settings, FirstLevels.BEAM_PER_LEVEL)
                .firstLevelValues();
    }
}
