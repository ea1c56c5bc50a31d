package org.netllm.actors.abr;

import org.netllm.controller.abr.AbrObservation;

/** One session's request for its next level, as a batched ABR policy receives it. */
public record SessionObservation(String sessionId, AbrObservation observation) {
}
