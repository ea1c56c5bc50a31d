package org.netllm.actors;

import java.util.List;

/**
 * A decision rule that answers many requests in one call, e.g. one forward pass of a model over a batch of
 * sessions. {@link PolicyActor} calls it off the actor thread, one batch per call, possibly several batches at
 * once: implementations are threadsafe.
 *
 * @param <Q> what one request carries (an ABR observation, a viewport history, a scheduling state)
 * @param <A> the answer to one request
 */
@FunctionalInterface
public interface BatchDecider<Q, A> {

    /** One answer per request, in request order; throwing fails the whole batch (the actor restarts). */
    List<A> decideAll(List<Q> requests) throws Exception;

    /** Drops whatever the rule keeps for a session that ended; called on the actor thread. */
    default void forget(String sessionId) {
    }
}
