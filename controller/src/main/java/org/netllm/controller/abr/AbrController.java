package org.netllm.controller.abr;

/**
 * Chooses the next chunk's bitrate level for one streaming session. Pure decision logic: no I/O, no
 * clock. An instance may keep per-session state, so use one per session ({@link AbrPolicy#newSession()}).
 */
public interface AbrController {

    /** The level (0 = lowest) for {@code observation.nextChunk()}; always a valid index into the ladder. */
    int chooseLevel(AbrObservation observation);
}
