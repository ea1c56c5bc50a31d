package org.netllm.controller.cjs;

/**
 * One scheduling decision: commit {@code executors} of the source pool to the schedulable stage at position
 * {@code stage} (the simulator clips the count to the stage's demand), or {@code stage == NONE} to commit none.
 *
 * @param stage     position in {@link CjsObservation#schedulable()}, or {@link #NONE}
 * @param executors executors to commit, 1..C (ignored for NONE)
 */
public record CjsAction(int stage, int executors) {

    /** The stage position that commits no executor. */
    public static final int NONE = -1;

    /** The action that schedules nothing (the round ends; the rest goes to the common pool). */
    public static CjsAction none(int committable) {
        return new CjsAction(NONE, committable);
    }
}
