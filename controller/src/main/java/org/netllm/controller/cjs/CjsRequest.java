package org.netllm.controller.cjs;

/**
 * One decision asked of a scheduler: the cluster now, the draws it may consume, and what the scheduler remembers of
 * the cluster's episode.
 *
 * @param draws  this request's own draws (a batch consumes each request's stage draw before its executor draw,
 *               but not in the order of one decision after another, so requests must not share a stream)
 * @param memory from the scheduler's {@link CjsScheduler#start} and {@link CjsScheduler#remember}
 */
public record CjsRequest(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
}
