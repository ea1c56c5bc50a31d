package org.netllm.actors.cjs;

import org.netllm.controller.cjs.CjsObservation;

/**
 * One cluster's request for its next scheduling decision, as the batched CJS policy receives it. A stochastic
 * scheduler draws by rule D8 of the decision index, so its answer does not depend on which thread decides.
 */
public record SchedulingRequest(String clusterId, CjsObservation observation) {
}
