package org.netllm.actors.cjs;

import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;

/**
 * One cluster's request for its next scheduling decision, as the batched CJS policy receives it. A stochastic
 * scheduler draws by rule D8 of the decision index, and the scheduler's memory of the cluster's episode (the adapted
 * model's context) travels with the request, so the answer does not depend on which thread decides.
 *
 * @param memory what the scheduler remembers of this cluster's episode, kept by the cluster's job scheduler
 */
public record SchedulingRequest(String clusterId, CjsObservation observation, CjsMemory memory) {
}
