package org.netllm.controller.abr;

/**
 * Chooses the next chunk's bitrate level for one streaming session. Pure decision logic: no I/O, no
 * clock. An instance may keep per-session state, so use one per session ({@link AbrPolicy#newSession()}).
 */
public interface AbrController {

    /** The level (0 = lowest) for {@code observation.nextChunk()}; always a valid index into the ladder. */
    int chooseLevel(AbrObservation observation);

    /**
     * Sees a decision this controller was not asked to make (another policy chose the level, e.g. a gate's rule).
     * A controller that keeps a per-session context of past steps takes the step into it, as if it had decided;
     * the level actually fetched arrives with the next observation's history, as after its own decisions. Stateless
     * controllers ignore it.
     */
    default void observe(AbrObservation observation) {
    }
}
