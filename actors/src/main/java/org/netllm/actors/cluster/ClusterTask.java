package org.netllm.actors.cluster;

import java.util.function.Function;
import java.util.function.Supplier;
import org.netllm.actors.BatchDecider;
import org.netllm.actors.Batching;
import org.netllm.actors.SessionKind;

/**
 * What the cluster needs of one task to run its sessions as sharded entities and its policy on workers.
 *
 * @param kind        how a session actor is made (the same as in single-JVM mode)
 * @param commandType the session actor's command type (the entity type key's)
 * @param sessionOf   the session id of a policy request: the consistent-hash key that keeps a session on one worker
 * @param policy      makes the batched decision rule of a worker, again after every restart
 * @param batching    how a worker groups concurrent requests
 */
public record ClusterTask<C, Q, A>(SessionKind<C, Q, A> kind, Class<C> commandType, Function<Q, String> sessionOf,
                                   Supplier<? extends BatchDecider<Q, A>> policy, Batching batching) {

    /** The task's short name ({@code abr}), which names its entity type and its policy service key. */
    public String task() {
        return kind.task();
    }
}
