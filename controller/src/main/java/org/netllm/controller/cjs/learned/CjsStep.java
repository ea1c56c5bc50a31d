package org.netllm.controller.cjs.learned;

import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;

/**
 * One decision as the adapted scheduler's context holds it: what was seen, what was done, and the return still to
 * go (already divided by the return scale) when it was decided.
 *
 * @param observation the cluster at the decision
 * @param action      the action taken (for the step being decided: its stage so far, or any placeholder)
 * @param returnToGo  the normalised return-to-go the step was conditioned on
 */
public record CjsStep(CjsObservation observation, CjsAction action, double returnToGo) {
}
